package dev.stratus.server.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.stratus.protocol.terminal.TerminalInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pseudo-terminal running a shell, its output ring and the sockets attached to it.
 *
 * <p>A platform thread per terminal reads the PTY into the ring. While a socket is attached it
 * never reads more than the ring can hold beyond the slowest socket's acknowledged byte, so no
 * attached client ever loses output, and a flooding program blocks on its own terminal instead
 * of growing server memory. Without sockets, the ring simply keeps the newest output.
 */
final class PtyTerminal {
    private static final Logger LOG = LoggerFactory.getLogger(PtyTerminal.class);
    private static final int READ_CHUNK = 16 * 1024;
    /** Line starts remembered for skipping plain output (see {@link PlainLines}). */
    private static final int PLAIN_LINE_STARTS = 4096;

    /** Terminal events for its workspace. Called without any lock held. */
    interface Listener {
        /** The shell exited and all its output is in the ring. */
        void exited(PtyTerminal terminal, int exitCode);

        /** The last socket detached. */
        void idle(PtyTerminal terminal);

        /** A socket attached. */
        void attached(PtyTerminal terminal);
    }

    /** A socket's side of an attachment. Called without the terminal's lock held. */
    interface Viewer {
        /** New output, or the exit, is available. */
        void wake();

        /** The terminal was closed: nothing more will come. */
        void terminalClosed();
    }

    /** One attached socket: where it started and what it has acknowledged. */
    static final class Attachment {
        final Viewer viewer;
        /** Sequence number of the first byte this socket is sent. */
        final long start;
        /** Bytes the client asked for that had already left the ring. */
        final long lost;
        private volatile long acked;
        /** Gauges the socket keeps: bytes sent so far, and bytes handed to the socket layer not yet written. */
        final AtomicLong sent = new AtomicLong();
        final AtomicLong pending = new AtomicLong();

        private Attachment(Viewer viewer, long start, long lost) {
            this.viewer = viewer;
            this.start = start;
            this.lost = lost;
            this.acked = start;
            this.sent.set(start);
        }

        long acked() {
            return acked;
        }
    }

    /** A piece of output, and the exit code once it reaches the end of a terminal that has exited. */
    record Output(byte[] bytes, Integer exitCode) {
    }

    private final String id;
    private final String cwd;
    private final PtyProcess process;
    private final OutputRing ring;
    private final PlainLines plainLines = new PlainLines(PLAIN_LINE_STARTS);
    private final PtyInput input;
    private final Listener listener;
    private final Duration killGrace;
    private final List<Attachment> attachments = new ArrayList<>();
    private final Thread reader;
    private volatile String title;
    private int cols;
    private int rows;
    private Integer exitCode;
    /** Bytes the reader may append from the read it is doing now (0 between reads). */
    private int readGrant;
    private boolean closing;
    /** When output was last read from the PTY ({@link System#nanoTime()}). */
    private volatile long lastOutputNanos = System.nanoTime();
    /** Set once the shell's session has been ended after the shell exited by itself. */
    private volatile boolean sessionEnded;

    private PtyTerminal(String id, String title, String cwd, PtyProcess process, int cols, int rows,
                        TerminalConfig config, Listener listener) {
        this.id = id;
        this.title = title;
        this.cwd = cwd;
        this.process = process;
        this.cols = cols;
        this.rows = rows;
        this.plainLines.rows(rows);
        this.ring = new OutputRing(config.ringBufferBytes());
        this.input = new PtyInput(process.getOutputStream(), config.maxInputFrameBytes(), "pty-input-" + id);
        this.listener = listener;
        this.killGrace = config.killGrace();
        // A platform thread: the read is a native call, which would pin a virtual thread's carrier.
        this.reader = Thread.ofPlatform().daemon().name("pty-output-" + id).unstarted(this::readLoop);
    }

    /** Starts {@code command} in a new pseudo-terminal. */
    static PtyTerminal start(String id, String title, String cwd, Path directory, List<String> command,
                             Map<String, String> env, int cols, int rows, TerminalConfig config, Listener listener)
            throws IOException {
        PtyProcess process = new PtyProcessBuilder(command.toArray(String[]::new))
                .setEnvironment(env)
                .setDirectory(directory.toString())
                .setInitialColumns(cols)
                .setInitialRows(rows)
                .setRedirectErrorStream(true)
                // Keeps output written just before the shell exits readable, so none of it is lost.
                .setUnixOpenTtyToPreserveOutputAfterTermination(true)
                .start();
        PtyTerminal t = new PtyTerminal(id, title, cwd, process, cols, rows, config, listener);
        t.reader.start();
        return t;
    }

    String id() {
        return id;
    }

    long pid() {
        return process.pid();
    }

    synchronized TerminalInfo info() {
        return new TerminalInfo(id, title, cwd, process.pid(), cols, rows, exitCode == null, exitCode);
    }

    void rename(String newTitle) {
        this.title = newTitle;
    }

    synchronized void resize(int newCols, int newRows) {
        if (exitCode == null && !closing) {
            try {
                process.setWinSize(new WinSize(newCols, newRows));
            } catch (RuntimeException e) {
                // The shell is exiting: its size no longer matters.
                LOG.debug("Terminal {}: resize after exit: {}", id, e.toString());
            }
        }
        cols = newCols;
        rows = newRows;
        plainLines.rows(newRows);
    }

    /** Queues input for the shell; false when the caller should pause until {@code onDrained}. */
    boolean write(byte[] data, Runnable onDrained) {
        return input.offer(data, onDrained);
    }

    /** Sequence number of the next output byte. */
    synchronized long end() {
        return ring.end();
    }

    /**
     * Attaches a socket that wants output from {@code from} on; starts at the oldest byte held
     * when {@code from} is older. Returns null once the terminal is closing.
     */
    Attachment attach(Viewer viewer, long from) {
        Attachment a;
        synchronized (this) {
            if (closing) {
                return null;
            }
            if (from > ring.end()) {
                throw new IllegalArgumentException("from is beyond the output");
            }
            // A read already under way may still push up to readGrant bytes out of the ring:
            // start where nothing can be overwritten before this socket's first send.
            long survives = Math.max(ring.start(), ring.end() + readGrant - ring.capacity());
            long start = Math.max(from, survives);
            a = new Attachment(viewer, start, start - from);
            attachments.add(a);
        }
        listener.attached(this);
        return a;
    }

    void detach(Attachment a) {
        boolean idle;
        synchronized (this) {
            if (!attachments.remove(a)) {
                return;
            }
            idle = attachments.isEmpty();
            notifyAll();
        }
        if (idle) {
            listener.idle(this);
        }
    }

    /** Records that the client of {@code a} has processed output up to (not including) {@code seq}. */
    synchronized void ack(Attachment a, long seq) {
        if (seq > a.acked) {
            a.acked = seq;
            notifyAll();
        }
    }

    /** Output bytes from {@code from} to the end of what was read so far. */
    synchronized long available(long from) {
        return ring.end() - from;
    }

    /** Output from {@code from} (which an attached socket has not been sent yet), at most {@code max} bytes. */
    synchronized Output read(long from, int max) {
        byte[] bytes = ring.copy(from, max);
        boolean atEnd = from + bytes.length == ring.end();
        return new Output(bytes, atEnd ? exitCode : null);
    }

    /**
     * Plain output a socket at {@code from} may skip, keeping {@code keepLines} whole lines before
     * the end (see {@link PlainLines#skip}): {@code {q, p}}, or null.
     */
    synchronized long[] skippable(long from, long keepLines, int minBytes) {
        // The screen's rows on top: lines printed from a cursor above the bottom land on rows
        // that still hold older text, which only scrolling a whole screen more pushes out.
        return plainLines.skip(from, keepLines + rows, minBytes);
    }

    /** When output was last read from the PTY ({@link System#nanoTime()}). */
    long lastOutputNanos() {
        return lastOutputNanos;
    }

    /** Sequence number from which all output so far is plain text (see {@link PlainLines}). */
    synchronized long plainFrom() {
        return plainLines.plainFrom();
    }

    synchronized int attachedCount() {
        return attachments.size();
    }

    /** Gauge: output bytes held in the ring. */
    synchronized int bufferedBytes() {
        return ring.size();
    }

    /** Gauge: the largest number of bytes any attached socket has handed to the socket layer and not yet written. */
    synchronized long maxPendingBytes() {
        return attachments.stream().mapToLong(a -> a.pending.get()).max().orElse(0);
    }

    /** Gauge: the largest number of bytes any attached socket has been sent beyond its client's acknowledgement. */
    synchronized long maxUnackedBytes() {
        return attachments.stream().mapToLong(a -> a.sent.get() - a.acked).max().orElse(0);
    }

    /**
     * Marks the terminal closing, unless {@code onlyIfIdle} and a socket is attached. Returns
     * whether it now is closing (false as well when it already was).
     */
    synchronized boolean beginClose(boolean onlyIfIdle) {
        if (closing || onlyIfIdle && !attachments.isEmpty()) {
            return false;
        }
        closing = true;
        notifyAll();
        return true;
    }

    /** Ends the shell's processes (SIGHUP, then SIGKILL), releases the PTY and closes attached sockets. Blocks. */
    void finishClose() {
        if (!sessionEnded) {
            ProcessReaper.end(process.pid(), process.isAlive(), killGrace);
        }
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        releasePty();
        List<Attachment> left;
        synchronized (this) {
            left = new ArrayList<>(attachments);
            attachments.clear();
        }
        left.forEach(a -> a.viewer.terminalClosed());
    }

    private void readLoop() {
        byte[] buf = new byte[READ_CHUNK];
        InputStream in = process.getInputStream();
        try {
            while (true) {
                int room;
                synchronized (this) {
                    while ((room = roomLocked()) == 0) {
                        wait();
                    }
                    readGrant = room;
                }
                int n;
                try {
                    n = in.read(buf, 0, Math.min(buf.length, room));
                } catch (IOException e) {
                    n = -1; // EIO: the other side of the PTY is closed.
                }
                if (n < 0) {
                    break;
                }
                synchronized (this) {
                    readGrant = 0;
                    if (n > 0) {
                        plainLines.scan(buf, 0, n, ring.end(), ring.start());
                        ring.append(buf, 0, n);
                    }
                }
                if (n > 0) {
                    lastOutputNanos = System.nanoTime();
                    wakeAll();
                }
            }
            int code = waitForExit();
            synchronized (this) {
                exitCode = code;
            }
            wakeAll();
            listener.exited(this, code);
            // Background jobs the shell left behind end with it, as they do on terminal/close.
            // Done now, while their session still reserves the shell's pid.
            ProcessReaper.end(process.pid(), false, killGrace);
            sessionEnded = true;
            releasePty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Terminal {} output reader failed", id, e);
        }
    }

    private int waitForExit() throws InterruptedException {
        if (process.waitFor(10, TimeUnit.SECONDS)) {
            return process.exitValue();
        }
        LOG.warn("Terminal {}: output ended but the shell is still running; ending it", id);
        ProcessReaper.end(process.pid(), true, killGrace);
        return process.waitFor();
    }

    /** Stops the input thread and closes the PTY's streams; the output is kept in the ring. */
    private void releasePty() {
        input.close();
        try {
            process.getInputStream().close();
            process.getOutputStream().close();
        } catch (IOException e) {
            LOG.debug("Terminal {}: closing the PTY: {}", id, e.toString());
        }
    }

    /** How many bytes may be read now: bounded by the slowest attached socket's acknowledgement. */
    private int roomLocked() {
        if (closing || attachments.isEmpty()) {
            return READ_CHUNK;
        }
        long slowest = Long.MAX_VALUE;
        for (Attachment a : attachments) {
            slowest = Math.min(slowest, a.acked);
        }
        return (int) Math.max(0, Math.min(READ_CHUNK, ring.capacity() - (ring.end() - slowest)));
    }

    private void wakeAll() {
        List<Attachment> now;
        synchronized (this) {
            now = new ArrayList<>(attachments);
        }
        for (Attachment a : now) {
            try {
                a.viewer.wake();
            } catch (RuntimeException e) {
                LOG.warn("Terminal {}: a socket failed to take output", id, e);
            }
        }
    }
}
