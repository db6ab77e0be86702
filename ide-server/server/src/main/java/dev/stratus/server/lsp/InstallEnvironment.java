package dev.stratus.server.lsp;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment of {@code npm} and {@code apt-get}, built from an allow-list rather than the
 * server's own environment: packages run install scripts, and the server's secrets
 * ({@code STRATUS_BOOTSTRAP_TOKEN}, cloud keys, database passwords) are none of their business.
 */
final class InstallEnvironment {
    /** Copied when present: locale, paths, and how to reach the package registry. */
    static final Set<String> PASSED = Set.of("PATH", "HOME", "USER", "LOGNAME", "TMPDIR", "LANG", "LANGUAGE", "TZ",
            "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy",
            "no_proxy", "NODE_EXTRA_CA_CERTS");
    /**
     * npm's own configuration (registry, cache, a private registry's login) is read by npm from
     * {@code npm_config_*} variables, whatever their case; it is npm's to have.
     */
    private static final String NPM_CONFIG = "npm_config_";
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private InstallEnvironment() {
    }

    static Map<String, String> build(Map<String, String> server) {
        Map<String, String> env = new TreeMap<>();
        server.forEach((name, value) -> {
            if (PASSED.contains(name) || name.toLowerCase(Locale.ROOT).startsWith(NPM_CONFIG)) {
                env.put(name, value);
            }
        });
        env.putIfAbsent("PATH", DEFAULT_PATH);
        return env;
    }
}
