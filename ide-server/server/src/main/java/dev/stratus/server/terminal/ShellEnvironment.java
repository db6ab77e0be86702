package dev.stratus.server.terminal;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment of a terminal's shell, built from an allow-list rather than the server's own
 * environment, so server secrets ({@code STRATUS_BOOTSTRAP_TOKEN}, cloud keys, database
 * passwords) never reach a shell a browser drives.
 */
final class ShellEnvironment {
    /** Copied from the server's environment when present. None of these carries a secret. */
    static final Set<String> PASSED = Set.of("PATH", "LANG", "LANGUAGE", "TZ", "LC_ALL", "LC_CTYPE", "LC_COLLATE",
            "LC_MESSAGES", "LC_MONETARY", "LC_NUMERIC", "LC_TIME", "LC_ADDRESS", "LC_IDENTIFICATION",
            "LC_MEASUREMENT", "LC_NAME", "LC_PAPER", "LC_TELEPHONE");
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private ShellEnvironment() {
    }

    static Map<String, String> build(Map<String, String> server, LoginAccount account, String shell) {
        Map<String, String> env = new TreeMap<>();
        for (String name : PASSED) {
            String value = server.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        env.put("HOME", account.home());
        env.put("USER", account.user());
        env.put("LOGNAME", account.user());
        env.put("SHELL", shell);
        env.put("TERM", "xterm-256color");
        env.put("COLORTERM", "truecolor");
        env.put("TERM_PROGRAM", "stratus");
        return env;
    }
}
