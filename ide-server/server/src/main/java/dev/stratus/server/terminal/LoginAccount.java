package dev.stratus.server.terminal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The account the server runs as, from the account database: {@code getent passwd} (which also
 * sees LDAP and other NSS sources), else {@code /etc/passwd}, else the server's environment.
 *
 * @param user login name
 * @param home home folder
 * @param shell login shell
 */
record LoginAccount(String user, String home, String shell) {
    private static final String FALLBACK_SHELL = "/bin/sh";

    static LoginAccount current(Map<String, String> env) {
        String user = System.getProperty("user.name");
        String entry = getent(user);
        if (entry == null) {
            entry = passwdFile(user);
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        String shell = env.get("SHELL");
        if (entry != null) {
            String[] f = entry.split(":", -1);
            if (f.length >= 7) {
                home = f[5].isEmpty() ? home : f[5];
                shell = f[6].isEmpty() ? shell : f[6];
            }
        }
        if (shell == null || !Files.isExecutable(Path.of(shell))) {
            shell = FALLBACK_SHELL;
        }
        return new LoginAccount(user, home, shell);
    }

    private static String getent(String user) {
        try {
            Process p = new ProcessBuilder("getent", "passwd", user).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String line = new String(out, StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 && line.startsWith(user + ":") ? line : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String passwdFile(String user) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/passwd"));
            return lines.stream().filter(l -> l.startsWith(user + ":")).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
