package dev.stratus.server.lsp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One language-server process speaking LSP over its stdin and stdout: started directly (never
 * through a shell) in the workspace root with an allow-listed environment; messages read on a
 * thread of its own and handed to a {@link Listener}; stderr copied to the server log line by
 * line, prefixed with the server id. {@link #kill()} ends the process and every process it
 * started, including children it left behind when it died (tracked while it ran).
 */
final class LanguageServerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LanguageServerProcess.class);
    private static final int MAX_LOG_LINE = 8192;

    /** What the process says. Called on the process's reader thread. */
    interface Listener {
        /** One message (UTF-8 JSON bytes). */
        void message(byte[] json);

        /** A message over the size limit was skipped; {@code head} is its beginning. */
        void oversized(long length, byte[] head);

        /** The process has ended (called once, after its last message). */
        void exited(int exitCode);
    }

    private final String serverId;
    private final Process process;
    private final OutputStream stdin;
    private final Set<ProcessHandle> family = ConcurrentHashMap.newKeySet();

    private LanguageServerProcess(String serverId, Process process) {
        this.serverId = serverId;
        this.process = process;
        this.stdin = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
    }

    /** Starts {@code command} in {@code cwd} with exactly {@code env}. */
    static LanguageServerProcess start(String serverId, List<String> command, Path cwd, Map<String, String> env,
                                       long maxMessageBytes, Listener listener) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        LanguageServerProcess p = new LanguageServerProcess(serverId, pb.start());
        Thread.ofPlatform().daemon().name("lsp-" + serverId + "-" + p.pid() + "-out").start(() -> p.readMessages(maxMessageBytes, listener));
        Thread.ofPlatform().daemon().name("lsp-" + serverId + "-" + p.pid() + "-err").start(p::logErrors);
        return p;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Writes one message to the server's stdin; IOException once its input is closed. */
    synchronized void send(byte[] json) throws IOException {
        ContentLengthFraming.write(stdin, json);
        stdin.flush();
    }

    /**
     * Remembers the process's current descendants, so they can be ended even after it died (its
     * orphans are re-parented, and can no longer be found through it). A remembered handle checks
     * the process's start time before any signal, so a reused pid is never hit.
     */
    void trackDescendants() {
        process.descendants().forEach(family::add);
    }

    /** Waits up to {@code timeoutMs} for the process to exit; whether it has. */
    boolean awaitExit(long timeoutMs) throws InterruptedException {
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Kills the process and every process it started (SIGKILL), and waits briefly for them to be gone. */
    void kill() {
        if (process.isAlive()) {
            trackDescendants();
        }
        process.destroyForcibly();
        killFamily();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills every remembered descendant still running and waits up to 2 s for them to exit. */
    private void killFamily() {
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        for (ProcessHandle h : family) {
            if (h.isAlive()) {
                h.destroyForcibly();
                exits.add(h.onExit());
            }
        }
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("[{}] some of its processes did not exit after SIGKILL: {}", serverId, family.stream().filter(ProcessHandle::isAlive)
                    .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList());
        }
    }

    @Override
    public void close() {
        kill();
    }

    private void readMessages(long maxMessageBytes, Listener listener) {
        try (InputStream in = new BufferedInputStream(process.getInputStream(), 64 * 1024)) {
            while (true) {
                byte[] message;
                try {
                    message = ContentLengthFraming.read(in, maxMessageBytes);
                } catch (ContentLengthFraming.OversizedMessageException e) {
                    LOG.warn("[{}] dropped a message of {} bytes (limit {})", serverId, e.length(), maxMessageBytes);
                    listener.oversized(e.length(), e.head());
                    continue;
                }
                if (message == null) {
                    break;
                }
                listener.message(message);
            }
        } catch (IOException e) {
            if (process.isAlive()) {
                LOG.warn("[{}] unreadable output, ending the process: {}", serverId, e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("[{}] relaying the server's output failed, ending the process", serverId, e);
        }
        // Its output is gone: whatever it does now, nobody hears it.
        int code;
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                kill();
            }
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            code = -1;
        }
        // Children it left behind (tsserver, workers) are ended with it.
        killFamily();
        listener.exited(code);
    }

    private void logErrors() {
        try (InputStream in = new BufferedInputStream(process.getErrorStream())) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean truncated = false;
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    logLine(line, truncated);
                    line.reset();
                    truncated = false;
                } else if (line.size() < MAX_LOG_LINE) {
                    line.write(b);
                } else {
                    truncated = true;
                }
            }
            if (line.size() > 0) {
                logLine(line, truncated);
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    private void logLine(ByteArrayOutputStream line, boolean truncated) {
        String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
        if (!text.isEmpty()) {
            LOG.info("[{}] {}{}", serverId, text, truncated ? " …" : "");
        }
    }
}
