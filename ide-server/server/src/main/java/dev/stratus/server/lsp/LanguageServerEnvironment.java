package dev.stratus.server.lsp;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment of a language-server process, built from an allow-list rather than copied
 * from the server's own: a language server runs code from the workspace (build scripts, plugins,
 * {@code tsserver} plugins), so server secrets ({@code STRATUS_BOOTSTRAP_TOKEN}, cloud keys,
 * database passwords) must never reach it. What is passed is what Node.js, Python and clangd
 * need to find programs, the home folder, temporary files and the locale.
 */
final class LanguageServerEnvironment {
    /** Copied from the server's environment when present. None of these carries a secret. */
    static final Set<String> PASSED = Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR",
            "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "LC_ALL", "LC_CTYPE", "LC_COLLATE", "LC_MESSAGES",
            "LC_MONETARY", "LC_NUMERIC", "LC_TIME", "LC_ADDRESS", "LC_IDENTIFICATION", "LC_MEASUREMENT", "LC_NAME",
            "LC_PAPER", "LC_TELEPHONE");
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private LanguageServerEnvironment() {
    }

    static Map<String, String> build(Map<String, String> server) {
        Map<String, String> env = new TreeMap<>();
        for (String name : PASSED) {
            String value = server.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        env.putIfAbsent("HOME", System.getProperty("user.home"));
        // Node.js: no update checks or telemetry prompts from npm-based servers.
        env.put("NO_UPDATE_NOTIFIER", "1");
        return env;
    }
}
