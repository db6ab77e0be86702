package dev.stratus.server.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command without a terminal and keeps what it printed: {@code /bin/sh -c command}, no
 * input, standard error merged into standard output, the last {@link #MAX_OUTPUT_CHARS}
 * characters kept. The shell leads a session of its own ({@code setsid}), so everything it
 * started can be found: when the time is up, or the calling thread is interrupted, all of it is
 * killed, and whatever it left running in the background is ended when it exits, as when a
 * terminal closes (see {@link ProcessReaper}).
 */
final class CommandRunner {
    static final int MAX_OUTPUT_CHARS = 64 * 1024;
    /** Bytes kept from the end of the output: enough for {@link #MAX_OUTPUT_CHARS} of any UTF-8. */
    private static final int KEPT_BYTES = 4 * MAX_OUTPUT_CHARS;
    static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(1);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    /** Time between hang-up and kill for what a finished command left running. */
    private static final Duration LEFTOVER_GRACE = Duration.ofMillis(200);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /** What the command did; exitCode is 128 + the signal's number when a signal ended it. */
    record Result(int exitCode, String output, boolean truncated, boolean timedOut) {
    }

    private CommandRunner() {
    }

    static Result run(String command, Path dir, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        List<String> argv = Files.isExecutable(SETSID) ? List.of(SETSID.toString(), "/bin/sh", "-c", command)
                : List.of("/bin/sh", "-c", command);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process process = pb.start();
        Tail tail = new Tail();
        Thread reader = Thread.ofVirtual().name("command-output").start(() -> tail.readAll(process.getInputStream()));
        boolean timedOut;
        try {
            timedOut = !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // The caller gave up (a stopped request): nothing it started keeps running.
            ProcessReaper.end(process.pid(), true, Duration.ZERO);
            killTree(process);
            reader.interrupt();
            throw e;
        }
        if (timedOut) {
            ProcessReaper.end(process.pid(), true, Duration.ZERO);
            killTree(process);
        }
        int exit = process.waitFor();
        ProcessReaper.end(process.pid(), false, LEFTOVER_GRACE);
        if (!reader.join(DRAIN_AFTER_EXIT)) {
            // Something that left the shell's session still holds the output open: stop reading.
            process.getInputStream().close();
            reader.join(DRAIN_AFTER_EXIT);
        }
        return tail.result(exit, timedOut);
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The last {@link #KEPT_BYTES} bytes read, in a ring. */
    private static final class Tail {
        private final byte[] ring = new byte[KEPT_BYTES];
        private long total;

        void readAll(InputStream in) {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            ring[(int) ((total + i) % KEPT_BYTES)] = buf[i];
                        }
                        total += n;
                    }
                }
            } catch (IOException e) {
                // Closed after the command ended: what was read is the result.
            }
        }

        synchronized Result result(int exit, boolean timedOut) {
            int kept = (int) Math.min(total, KEPT_BYTES);
            byte[] bytes = new byte[kept];
            long start = total - kept;
            for (int i = 0; i < kept; i++) {
                bytes[i] = ring[(int) ((start + i) % KEPT_BYTES)];
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            boolean truncated = total > kept;
            if (truncated) {
                // The cut may have split a character: start at the first whole one.
                int from = 0;
                while (from < text.length() && text.charAt(from) == '\uFFFD') {
                    from++;
                }
                text = text.substring(from);
            }
            if (text.length() > MAX_OUTPUT_CHARS) {
                text = text.substring(text.length() - MAX_OUTPUT_CHARS);
                if (Character.isLowSurrogate(text.charAt(0))) {
                    text = text.substring(1);
                }
                truncated = true;
            }
            return new Result(exit, text, truncated, timedOut);
        }
    }
}
