package dev.stratus.server.terminal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes client input to a terminal on a thread of its own: a write to a pseudo-terminal blocks
 * while the program does not read its input, and must never hold a socket's I/O thread. The
 * queue is bounded in bytes: past the bound {@link #offer} says so, and the caller stops reading
 * its socket until {@code onDrained} runs (TCP then pushes back on the client).
 */
final class PtyInput implements AutoCloseable {
    private static final byte[] STOP = new byte[0];

    private final OutputStream out;
    private final long maxQueuedBytes;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final List<Runnable> waiting = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    PtyInput(OutputStream out, long maxQueuedBytes, String name) {
        this.out = out;
        this.maxQueuedBytes = maxQueuedBytes;
        // A platform thread: the write is a native call, which would pin a virtual thread's carrier.
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /**
     * Queues input. Returns false when the queue is now over its bound: the caller should stop
     * reading until {@code onDrained} runs. Input after {@link #close()} is dropped.
     */
    boolean offer(byte[] data, Runnable onDrained) {
        if (closed || data.length == 0) {
            return true;
        }
        long now = queued.addAndGet(data.length);
        queue.add(data);
        if (now <= maxQueuedBytes) {
            return true;
        }
        synchronized (waiting) {
            if (queued.get() <= maxQueuedBytes / 2) {
                return true;
            }
            waiting.add(onDrained);
        }
        return false;
    }

    private void run() {
        try {
            while (true) {
                byte[] data = queue.take();
                if (data == STOP) {
                    return;
                }
                try {
                    out.write(data);
                    out.flush();
                } catch (IOException e) {
                    // The terminal has gone: drop input until it is closed.
                }
                long left = queued.addAndGet(-data.length);
                if (left <= maxQueuedBytes / 2) {
                    List<Runnable> ready;
                    synchronized (waiting) {
                        ready = new ArrayList<>(waiting);
                        waiting.clear();
                    }
                    ready.forEach(Runnable::run);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        queue.add(STOP);
        List<Runnable> ready;
        synchronized (waiting) {
            ready = new ArrayList<>(waiting);
            waiting.clear();
        }
        ready.forEach(Runnable::run);
    }
}
