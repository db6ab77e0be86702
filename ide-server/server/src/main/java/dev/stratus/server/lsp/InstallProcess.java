package dev.stratus.server.lsp;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a package manager: directly (never through a shell), with exactly the given environment,
 * bounded in time (then killed with its children), its output merged, logged line by line and
 * handed to a listener.
 */
final class InstallProcess {
    private static final Logger LOG = LoggerFactory.getLogger(InstallProcess.class);
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final int MAX_LINE = 400;
    private static final int TAIL = 20;

    /** How a run ended: its exit code and its last output lines (for error messages). */
    record Outcome(int exitCode, List<String> tail) {
    }

    private InstallProcess() {
    }

    /** The first executable named {@code program} on {@code path} (a PATH value). */
    static Optional<Path> onPath(String program, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            Path p = dir.isEmpty() ? null : Path.of(dir, program);
            if (p != null && Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code command} in {@code workDir} and waits for it.
     *
     * @throws PackageInstallException when it cannot start or outlives {@code timeout}
     */
    static Outcome run(List<String> command, Path workDir, Map<String, String> env, Duration timeout,
                       Consumer<String> onLine) throws PackageInstallException, InterruptedException {
        String name = Path.of(command.get(0)).getFileName().toString();
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        LOG.info("Running {}", String.join(" ", command));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new PackageInstallException("Cannot run " + name + ": " + e.getMessage());
        }
        try {
            // Nothing is typed into an installation: a prompt reads end-of-file instead of hanging.
            process.getOutputStream().close();
        } catch (IOException e) {
            LOG.debug("Closing {}'s input: {}", name, e.toString());
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = Thread.ofVirtual().name(name + "-output").start(() -> read(process, name, tail, onLine));
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        if (!finished) {
            kill(process);
            reader.join(Duration.ofSeconds(5));
            throw new PackageInstallException(name + " did not finish within " + describe(timeout) + " and was stopped");
        }
        reader.join(Duration.ofSeconds(5));
        synchronized (tail) {
            return new Outcome(process.exitValue(), List.copyOf(tail));
        }
    }

    private static void read(Process process, String name, Deque<String> tail, Consumer<String> onLine) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String clean = clean(line);
                if (clean.isEmpty()) {
                    continue;
                }
                LOG.info("{}: {}", name, clean);
                synchronized (tail) {
                    tail.addLast(clean);
                    if (tail.size() > TAIL) {
                        tail.removeFirst();
                    }
                }
                try {
                    onLine.accept(clean);
                } catch (RuntimeException e) {
                    // A listener's failure must not stop the reading, or the process blocks on a full pipe.
                    LOG.debug("Output listener of {} failed: {}", name, e.toString());
                }
            }
        } catch (IOException e) {
            // The stream closes when the process is killed.
        }
    }

    /** Without colours and control characters, trimmed and bounded: fit for a log line and a client. */
    static String clean(String line) {
        String s = ANSI.matcher(line).replaceAll("").replaceAll("[\\p{Cntrl}&&[^\t]]", "").strip();
        return s.length() > MAX_LINE ? s.substring(0, MAX_LINE) + "…" : s;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String describe(Duration d) {
        return d.toMinutes() >= 1 && d.toSecondsPart() == 0 ? d.toMinutes() + " min"
                : d.toMillis() >= 1000 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
