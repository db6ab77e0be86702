package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Running the CLI as a process, and an npm that records how it was run before it runs the real one. */
final class InstallTestSupport {
    static final String MAIN = dev.stratus.server.support.Cli.MAIN;

    private InstallTestSupport() {
    }

    /** {@code program} on this process's PATH, or null. */
    static Path onPath(String program) {
        return InstallProcess.onPath(program, System.getenv().getOrDefault("PATH", "")).orElse(null);
    }

    static List<String> java(List<String> args) {
        return dev.stratus.server.support.Cli.java(args);
    }

    /** Starts the CLI with {@code env} added to this process's environment (minus the install folder variable). */
    static Process stratus(List<String> args, Map<String, String> env) throws IOException {
        return dev.stratus.server.support.Cli.start(args, env, List.of(LanguageServerRegistry.DIR_ENV, "STRATUS_BOOTSTRAP_TOKEN"));
    }

    /** Its whole output, once it has exited (within two minutes: it may install from npm). */
    static String output(Process p) throws Exception {
        return dev.stratus.server.support.Cli.output(p);
    }

    /** An executable that does nothing, where a server's program is expected. */
    static void fakeProgram(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * A folder holding an {@code npm} that appends its arguments to {@code calls.log}, writes its
     * environment to {@code env.txt}, then runs the real npm: put it first on the PATH.
     */
    static Path recordingNpm(Path dir) throws IOException {
        Path real = onPath("npm");
        assertThat(real).as("npm on the PATH").isNotNull();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path npm = bin.resolve("npm");
        Files.writeString(npm, """
                #!/bin/sh
                printf '%%s\\n' "$*" >> '%s'
                env > '%s'
                exec '%s' "$@"
                """.formatted(dir.resolve("calls.log"), dir.resolve("env.txt"), real));
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /** The lines {@link #recordingNpm} recorded: one per npm run. */
    static List<String> npmCalls(Path dir) throws IOException {
        Path log = dir.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** {@code bin} first, then this process's PATH. */
    static String pathWith(Path bin) {
        return bin + java.io.File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    }
}
