package dev.stratus.ai.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as a blocking stream ({@link #stream}) in which every read gives up after
 * an idle period.
 *
 * <p>{@link java.net.http.HttpRequest#timeout} only bounds the wait for the response headers, and
 * the JDK's own input-stream body blocks forever once they arrived, so a stream that stalls
 * mid-answer would hang its caller. This body hands the caller the response as soon as the
 * headers are in, and each read waits at most {@code idle} (and a little, see below) for the
 * next bytes.
 *
 * <p>The bound is kept by one watchdog per body, not by a timed wait per read: a timed wait
 * schedules and cancels a timer for every chunk of a streamed answer, which cost a quarter of
 * the HTTP client's CPU per stream. The watchdog wakes the reader once nothing has arrived for
 * {@code idle} since the later of the last arrival and the start of the read's wait, and looks
 * again later otherwise. The client may also read ahead up to {@link #WINDOW} buffers, so that
 * it does not stop and restart reading the socket for every chunk.
 *
 * <p>{@link #pump} hands the body on in buffers instead, and directly on the HTTP client's
 * thread while the {@link Handler} can take them there without blocking: a streamed answer then
 * wakes one thread per chunk, not two, and the bytes are passed on as soon as they are read.
 */
final class IdleTimeoutBody implements HttpResponse.BodySubscriber<IdleTimeoutBody>, AutoCloseable {

    /** No bytes arrived for the idle period. */
    static final class IdleException extends IOException {
        IdleException(Duration idle) {
            super("no bytes for " + idle.toMillis() + " ms", null);
        }
    }

    private static final Object END = new Object();
    /** Queued by the watchdog to wake a reader that may have waited {@code idle}. */
    private static final Object IDLE = new Object();
    /** {@link #pump}'s direct delivery ended: the handler wants no more. */
    private static final Object STOPPED = new Object();
    /** {@link #pump}'s direct delivery ended: the handler could not take a buffer there, which is queued. */
    private static final Object GAVE_BACK = new Object();
    /** Buffers the client may deliver before the reader took them. */
    static final int WINDOW = 16;
    private static final ScheduledThreadPoolExecutor WATCHDOGS = watchdogs();

    private final Duration idle;
    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    /** {@link System#nanoTime} of the last arrival, or of the start of the reader's wait if later. */
    private volatile long active = System.nanoTime();
    private volatile ScheduledFuture<?> watchdog;
    /** Buffers taken since demand was last renewed (guarded by this). */
    private int taken;
    /** The handler buffers go to on the client's thread, or null when they are queued (guarded by this). */
    private Handler direct;
    /** Completed when direct delivery ends (guarded by this). */
    private CompletableFuture<Object> directEnd;
    /** The client's thread is handing a buffer to {@link #direct} (guarded by this). */
    private boolean delivering;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    /** Set by {@link #discardRest}: what still arrives is dropped, not queued for a reader. */
    private volatile boolean discarding;
    private boolean discarded;
    /** When {@link #discardRest} gives up on the body's end; withdrawn once it arrives (guarded by this). */
    private ScheduledFuture<?> discardDeadline;
    private final BodyStream stream = new BodyStream(this);
    private boolean ended;
    private volatile long received;

    IdleTimeoutBody(Duration idle) {
        this.idle = idle;
    }

    /**
     * Takes the body's buffers for {@link #pump}.
     */
    interface Handler {
        /** Whether buffers may be handed over on the HTTP client's thread now: only if taking them never blocks. */
        boolean direct();

        /**
         * The next of the body's buffers, in order, on one thread at a time.
         *
         * @return false when nothing more is wanted
         */
        boolean accept(ByteBuffer bytes);
    }

    /** Bytes of body arrived so far. */
    long received() {
        return received;
    }

    @Override
    public CompletionStage<IdleTimeoutBody> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            watch(idle.toNanos());
            s.request(WINDOW);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        active = System.nanoTime();
        long size = received;
        for (ByteBuffer b : item) {
            size += b.remaining();
        }
        received = size;
        Handler handler;
        synchronized (this) {
            handler = direct;
            if (handler == null) {
                arrivals.add(item);
            } else {
                delivering = true;
            }
        }
        if (handler == null) {
            if (discarding) {
                pumpDiscarded();
            }
            return;
        }
        Object outcome = null;
        Throwable failure = null;
        try {
            if (!handler.direct()) {
                outcome = GAVE_BACK;
            } else {
                for (ByteBuffer b : item) {
                    if (!handler.accept(b)) {
                        outcome = STOPPED;
                        break;
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        CompletableFuture<Object> end = null;
        synchronized (this) {
            delivering = false;
            if (outcome == GAVE_BACK) {
                arrivals.add(item);
            }
            if (outcome != null || failure != null) {
                direct = null;
                end = directEnd;
            }
            notifyAll();
        }
        if (outcome != GAVE_BACK) {
            consumed(); // after the hand-over is settled: the client may deliver the next one right inside
        }
        if (end != null) {
            if (failure != null) {
                end.completeExceptionally(failure);
            } else {
                end.complete(outcome);
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        finish(failure, failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure));
    }

    @Override
    public void onComplete() {
        finish(END, null);
    }

    /** The body ended ({@link #END}) or failed: tells a direct delivery's waiter, else queues it for the reader. */
    private void finish(Object arrival, IOException failure) {
        active = System.nanoTime();
        CompletableFuture<Object> end = null;
        synchronized (this) {
            if (direct != null) {
                direct = null;
                end = directEnd;
            } else {
                arrivals.add(arrival);
            }
        }
        if (end != null) {
            if (failure != null) {
                end.completeExceptionally(failure);
            } else {
                end.complete(END);
            }
        } else if (discarding) {
            pumpDiscarded();
        }
    }

    /** The body as a blocking stream (one per body), each read bounded as {@link #take} is. */
    InputStream stream() {
        return stream;
    }

    /**
     * Hands the body to {@code handler} until it wants no more or the body ends: on the HTTP
     * client's thread while {@link Handler#direct} says it can take buffers there (this thread
     * then only waits for the end of it), otherwise on this thread. Each wait for bytes is
     * bounded as a read's is.
     *
     * @return true when the handler wanted no more, false when the body ended
     * @throws IdleException when no bytes came for the idle period
     * @throws IOException when the body failed; a handler's own exception is thrown as it is
     */
    boolean pump(Handler handler) throws IOException {
        for (;;) {
            if (handler.direct()) {
                Object outcome = deliverDirectly(handler);
                if (outcome == STOPPED) {
                    return true;
                }
                if (outcome == END) {
                    ended = true;
                    stopWatching();
                    return false;
                }
            }
            List<ByteBuffer> buffers = take();
            if (buffers == null) {
                return false;
            }
            for (ByteBuffer b : buffers) {
                if (!handler.accept(b)) {
                    return true;
                }
            }
        }
    }

    /** Lets the client's thread deliver to {@code handler} until that ends; {@link #GAVE_BACK} at once if buffers are queued. */
    private Object deliverDirectly(Handler handler) throws IOException {
        CompletableFuture<Object> end = new CompletableFuture<>();
        synchronized (this) {
            if (ended || closed || !arrivals.isEmpty()) {
                return GAVE_BACK;
            }
            active = System.nanoTime(); // the wait for bytes starts now, as a read's does
            directEnd = end;
            direct = handler;
        }
        try {
            return end.get();
        } catch (InterruptedException e) {
            synchronized (this) {
                while (delivering) {
                    try {
                        wait(); // a buffer being handed over finishes first: the handler is never used twice at once
                    } catch (InterruptedException again) {
                        // still interrupted; keep waiting for the hand-over, which never blocks
                    }
                }
                direct = null;
            }
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("interrupted while reading the answer");
        } catch (ExecutionException e) {
            ended = true;
            stopWatching();
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    /** The next buffers that arrived, or null at the end; waits at most about {@code idle} for them. */
    List<ByteBuffer> take() throws IOException {
        for (;;) {
            if (ended || closed) {
                return null;
            }
            Object next = arrivals.poll();
            if (next == IDLE) {
                // The watchdog fired while the reader was away: its wait only begins now.
                active = System.nanoTime();
                watch(idle.toNanos());
                next = null;
            }
            if (next == null) {
                active = System.nanoTime();
                try {
                    next = arrivals.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new InterruptedIOException("interrupted while reading the answer");
                }
            }
            if (next == IDLE) {
                long quiet = System.nanoTime() - active;
                if (quiet >= idle.toNanos()) {
                    ended = true;
                    stopWatching();
                    throw new IdleException(idle);
                }
                watch(idle.toNanos() - quiet); // something arrived meanwhile: look again later
                continue;
            }
            if (next == END) {
                ended = true;
                stopWatching();
                return null;
            }
            if (next instanceof Throwable failure) {
                ended = true;
                stopWatching();
                throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> buffers = (List<ByteBuffer>) next;
            consumed();
            return buffers;
        }
    }

    /** One arrival taken: the client may deliver another (demand renewed in batches). */
    private synchronized void consumed() {
        if (++taken >= WINDOW / 2) {
            int n = taken;
            taken = 0;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.request(n);
            }
        }
    }

    /** Checks in {@code delay} ns whether the reader has waited {@code idle} without an arrival. */
    private void watch(long delay) {
        if (ended || closed) {
            return;
        }
        try {
            watchdog = WATCHDOGS.schedule(this::check, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the idle watchdog is gone", e);
        }
    }

    private void check() {
        if (ended || closed || discarding) {
            return;
        }
        long quiet = System.nanoTime() - active;
        if (quiet < idle.toNanos()) {
            watch(idle.toNanos() - quiet);
            return;
        }
        CompletableFuture<Object> end = null;
        synchronized (this) {
            if (direct == null) {
                arrivals.add(IDLE); // the reader decides, and looks again if it was not idle after all
            } else if (delivering) {
                watch(idle.toNanos()); // bytes are being handed over right now
            } else {
                direct = null;
                end = directEnd;
            }
        }
        if (end != null) {
            end.completeExceptionally(new IdleException(idle));
        }
    }

    private void stopWatching() {
        ScheduledFuture<?> w = watchdog;
        if (w != null) {
            w.cancel(false);
        }
    }

    /**
     * Runs {@code action} after {@code delay} on the watchdog thread, unless the returned future
     * is cancelled first. For the deadlines of calls: a virtual thread's timed wait would wake the
     * JDK's scheduler timer thread to add its timer and again to withdraw it, while this thread is
     * woken only when no earlier deadline is pending (and streams in progress have theirs).
     */
    static ScheduledFuture<?> deadline(Duration delay, Runnable action) {
        try {
            return WATCHDOGS.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the idle watchdog is gone", e);
        }
    }

    private static ScheduledThreadPoolExecutor watchdogs() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("answer-idle-watchdog").daemon().factory());
        pool.setRemoveOnCancelPolicy(true);
        pool.setKeepAliveTime(10, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true); // no thread left behind once nothing streams (or the extension unloads)
        return pool;
    }

    /**
     * Instead of {@link #close}, once the answer is complete but the body has not ended yet
     * (after OpenAI's {@code [DONE]} only the chunked body's end follows): what still arrives is
     * dropped without a reader, so the connection goes back to the client's pool rather than
     * being closed. If the body has not ended within {@code bound}, the download is cancelled.
     * The deadline is withdrawn as soon as the body ends: a task waiting out the bound would hold
     * this body, and the HTTP exchange behind it, for the whole of it.
     */
    void discardRest(Duration bound) {
        discarding = true;
        stopWatching();
        synchronized (this) { // an end arriving meanwhile is pumped once this is set, and withdraws it
            if (pumpDiscarded()) {
                return;
            }
            try {
                discardDeadline = WATCHDOGS.schedule(() -> {
                    if (!pumpDiscarded()) {
                        close();
                    }
                }, bound.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                close();
            }
        }
    }

    /** Drops what arrived, asking for more; true once the body ended (or failed). */
    private synchronized boolean pumpDiscarded() {
        Object next;
        while (!discarded && (next = arrivals.poll()) != null) {
            if (next == END || next instanceof Throwable) {
                discarded = true;
            } else if (next != IDLE) {
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.request(1);
                }
            }
        }
        if (discarded && discardDeadline != null) {
            discardDeadline.cancel(false);
            discardDeadline = null;
        }
        return discarded;
    }

    /** Stops the download; the connection is dropped if the body was not read to its end. */
    @Override
    public void close() {
        closed = true;
        stopWatching();
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
