package dev.stratus.server.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * C git, used by tests only to build fixtures (and to show a fixture is armed), isolated from
 * the machine's own git configuration.
 */
final class GitCli {
    private GitCli() {
    }

    /** Runs {@code git args...} in {@code dir}; returns stdout; fails on a non-zero exit. */
    static String git(Path dir, String... args) throws IOException, InterruptedException {
        return gitWithInput(dir, null, args);
    }

    static String gitWithInput(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        Result r = run(dir, stdin, args);
        if (r.exit() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.stderr());
        }
        return r.stdout();
    }

    record Result(int exit, String stdout, String stderr) {
    }

    static Result run(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Fixture", "-c", "user.email=fixture@example.com",
                "-c", "init.defaultBranch=main", "-c", "commit.gpgSign=false", "-c", "protocol.file.allow=always"));
        cmd.addAll(List.of(args));
        Path home = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "stratus-git-test-home"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().remove("GIT_DIR");
        pb.environment().remove("GIT_WORK_TREE");
        Path out = Files.createTempFile("git-out", ".txt");
        Path err = Files.createTempFile("git-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("git " + String.join(" ", args) + " timed out");
            }
            return new Result(p.exitValue(), Files.readString(out).trim(), Files.readString(err).trim());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A new repository in {@code dir} with one commit holding {@code file} = {@code content}. */
    static void initWithCommit(Path dir, String file, String content) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        git(dir, "init", "-q");
        Path f = dir.resolve(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        git(dir, "add", "-A");
        git(dir, "commit", "-q", "-m", "initial");
    }
}
