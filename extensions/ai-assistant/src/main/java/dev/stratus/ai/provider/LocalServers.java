package dev.stratus.ai.provider;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Where model servers listen on this machine by default, the one list of the addresses the
 * assistant looks at when no model is configured: Ollama, llama.cpp's {@code llama-server},
 * vLLM and LM Studio, on the loopback address only. {@code STRATUS_AI_LOCAL_SERVERS} replaces
 * the list (for a server on another port), and must name loopback addresses too.
 */
public final class LocalServers {
    /** The environment variable replacing {@link #DEFAULTS}: {@code host:port} pairs, comma separated. */
    public static final String ENV = "STRATUS_AI_LOCAL_SERVERS";

    /** Ollama, llama.cpp, vLLM, LM Studio, at their default ports. */
    public static final List<URI> DEFAULTS = List.of(
            URI.create("http://127.0.0.1:11434"),
            URI.create("http://127.0.0.1:8080"),
            URI.create("http://127.0.0.1:8000"),
            URI.create("http://127.0.0.1:1234"));

    private LocalServers() {
    }

    /**
     * The addresses {@code env} (the variable's value, null when unset) names, or the defaults.
     *
     * @throws IllegalArgumentException naming an entry that is not a loopback {@code host:port}
     */
    public static List<URI> from(String env) {
        if (env == null) {
            return DEFAULTS;
        }
        List<URI> out = new ArrayList<>();
        for (String entry : env.split(",")) {
            String e = entry.strip();
            if (!e.isEmpty()) {
                out.add(loopback(URI.create("http://" + e)));
            }
        }
        return List.copyOf(out);
    }

    /**
     * {@code root} (an {@code http://} address with a port and no path) when its host is a
     * loopback address literal: no name is resolved, so no lookup can send it elsewhere.
     *
     * @throws IllegalArgumentException when it is anything else
     */
    public static URI loopback(URI root) {
        String host = root.getHost();
        if (!"http".equals(root.getScheme()) || host == null || root.getPort() < 1
                || !(root.getPath() == null || root.getPath().isEmpty()) || !literal(host)) {
            throw new IllegalArgumentException(root + " is not a loopback address and port (127.0.0.1:PORT or [::1]:PORT)");
        }
        return root;
    }

    private static boolean literal(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        // Literals only: a name could resolve anywhere. And 127.0.0.1 itself, not the rest of 127/8.
        return h.equals("127.0.0.1") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }
}
