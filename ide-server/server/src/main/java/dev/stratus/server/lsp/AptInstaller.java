package dev.stratus.server.lsp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Installs Debian packages with {@code apt-get}, which only root may do: otherwise (or without
 * {@code apt-get}) it says the exact command for an administrator to run.
 */
final class AptInstaller {
    private final boolean root;
    private final Optional<Path> aptGet;
    private final Map<String, String> env;
    private final Duration timeout;

    AptInstaller(boolean root, Optional<Path> aptGet, Map<String, String> env, Duration timeout) {
        this.root = root;
        this.aptGet = aptGet;
        this.env = env;
        this.timeout = timeout;
    }

    /** For this process: root when its user id is 0, {@code apt-get} from the PATH. */
    static AptInstaller forThisProcess(Map<String, String> env, Duration timeout) {
        return new AptInstaller(runsAsRoot(), InstallProcess.onPath("apt-get", env.getOrDefault("PATH", "")), env, timeout);
    }

    private static boolean runsAsRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** The command an administrator runs to install {@code packages}. */
    static String command(Collection<String> packages) {
        return "sudo apt-get install -y " + String.join(" ", packages);
    }

    /** Why this process cannot install {@code packages} itself, with the command to run instead; empty when it can. */
    Optional<String> refusal(Collection<String> packages) {
        if (aptGet.isEmpty()) {
            return Optional.of("Not installed, and this system has no apt-get: install " + String.join(" ", packages)
                    + " with its package manager (on Debian or Ubuntu: " + command(packages) + ")");
        }
        if (!root) {
            return Optional.of("Not installed, and the server does not run as root: run " + command(packages));
        }
        return Optional.empty();
    }

    /** Runs {@code apt-get install -y} for {@code packages}; every line it prints goes to {@code output}. */
    void install(Collection<String> packages, Consumer<String> output) throws PackageInstallException, InterruptedException {
        Optional<String> refused = refusal(packages);
        if (refused.isPresent()) {
            throw new PackageInstallException(refused.get());
        }
        List<String> command = new ArrayList<>(List.of(aptGet.orElseThrow().toString(), "install", "-y"));
        command.addAll(packages);
        Map<String, String> aptEnv = new TreeMap<>(env);
        aptEnv.put("DEBIAN_FRONTEND", "noninteractive");
        InstallProcess.Outcome outcome = InstallProcess.run(command, Path.of("/"), aptEnv, timeout, output);
        if (outcome.exitCode() != 0) {
            List<String> tail = outcome.tail();
            throw new PackageInstallException("apt-get install -y " + String.join(" ", packages) + " failed (exit code "
                    + outcome.exitCode() + ")" + (tail.isEmpty() ? "" : ": " + tail.getLast()));
        }
    }
}
