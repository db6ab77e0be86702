package dev.stratus.server.extension;

import dev.stratus.extension.api.LanguageServerDefinition;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Language servers active extensions added, by id. */
final class LanguageServerContributions {
    private final Map<String, LanguageServerDefinition> servers = new ConcurrentHashMap<>();

    Runnable register(String extensionId, LanguageServerDefinition server) {
        if (server == null) {
            throw new IllegalArgumentException("server is required");
        }
        if (servers.putIfAbsent(server.id(), server) != null) {
            throw new IllegalArgumentException("A language server " + server.id() + " is registered already");
        }
        return () -> servers.remove(server.id(), server);
    }

    List<LanguageServerDefinition> list() {
        return servers.values().stream().sorted(Comparator.comparing(LanguageServerDefinition::id)).toList();
    }
}
