package dev.stratus.server.extension;

import dev.stratus.extension.api.MetricsSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The meters extensions contributed for the server's {@code GET /metrics}, by extension. */
final class MetricsRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsRegistry.class);
    private final Map<String, List<MetricsSource>> sources = new ConcurrentHashMap<>();

    /** Adds an extension's meters; the result removes them. */
    Runnable register(String extensionId, MetricsSource source) {
        sources.computeIfAbsent(extensionId, k -> new CopyOnWriteArrayList<>()).add(source);
        return () -> sources.getOrDefault(extensionId, List.of()).remove(source);
    }

    /**
     * Every source's text, by extension id; each runs through {@code calls} (the extension's
     * thread and time limit), and one that fails or takes too long is left out and logged.
     */
    String scrape(Function<String, Optional<HostedExtension>> extensions, ExtensionCalls calls) {
        StringBuilder out = new StringBuilder();
        for (var entry : new TreeMap<>(sources).entrySet()) {
            Optional<HostedExtension> ext = extensions.apply(entry.getKey());
            if (ext.isEmpty()) {
                continue;
            }
            for (MetricsSource source : entry.getValue()) {
                try {
                    String text = calls.call(ext.get(), "reporting its metrics", source::scrape);
                    if (text != null && !text.isEmpty()) {
                        out.append(text);
                        if (!text.endsWith("\n")) {
                            out.append('\n');
                        }
                    }
                } catch (ExtensionCalls.ExtensionFault | RuntimeException e) {
                    LOG.warn("The metrics of extension {} were left out: {}", entry.getKey(),
                            e instanceof ExtensionCalls.ExtensionFault f ? f.getCause().toString() : e.getMessage());
                }
            }
        }
        return out.toString();
    }
}
