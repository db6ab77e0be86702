package dev.stratus.server.terminal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The shells a client may ask for: the entries of {@code /etc/shells} that exist and are
 * executable, plus the account's login shell, which is the default.
 */
final class Shells {
    private final String loginShell;
    private final Set<String> allowed;

    Shells(String loginShell, Set<String> allowed) {
        this.loginShell = loginShell;
        Set<String> all = new LinkedHashSet<>(allowed);
        all.add(loginShell);
        this.allowed = Set.copyOf(all);
    }

    /** The login shell and the system's list of valid login shells. */
    static Shells system(String loginShell) {
        Set<String> listed = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/shells"))) {
                String s = line.strip();
                if (s.startsWith("/") && Files.isRegularFile(Path.of(s)) && Files.isExecutable(Path.of(s))) {
                    listed.add(s);
                }
            }
        } catch (IOException e) {
            // No /etc/shells: only the login shell is allowed.
        }
        return new Shells(loginShell, listed);
    }

    /** The shell to run for a request: the login shell when none is asked for. */
    String choose(String requested) {
        if (requested == null) {
            return loginShell;
        }
        if (!allowed.contains(requested)) {
            throw TerminalException.invalid("shell must be one of the server's login shells (/etc/shells)");
        }
        return requested;
    }
}
