package dev.stratus.server.extension;

import dev.stratus.extension.api.HttpResponse;
import dev.stratus.extension.api.Registration;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.ImmediatePooledByteBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * Tells a streamed response's writer that its client went away ({@link HttpResponse.Watched}).
 *
 * <p>Undertow reads nothing from an HTTP/1.1 connection while one of its requests is being
 * answered, so a client that hangs up is noticed only when a write to it fails; a writer waiting
 * for slow work before its first byte writes nothing. From {@link #WATCH_AFTER_MILLIS} after a
 * listener is registered, while the response has not ended, this reads the socket itself, below
 * the request's body (read whole before the route ran): the end of the stream, or a failed read,
 * is the client gone; bytes (its next request, sent early) are handed back to the connection for
 * their turn, after any it already holds, and the watch ends. Everything touching the socket runs
 * on the connection's I/O thread, and a watch that began is taken down there before the response
 * ends, when Undertow sets the connection up for the next request. Listeners run on a virtual
 * thread, so none can stall the I/O thread.
 *
 * <p>The wait before watching keeps the watch off quick responses: a watch costs two trips to the
 * I/O thread and the writer's wait for the second, several thread wake-ups a response, which
 * showed as a sixth more CPU per call on the AI gateway's short streams. A response that ends
 * within the wait only adds and removes a timer of the I/O thread; a client that hangs up within
 * it is noticed when it ends.
 */
final class ClientWatch implements ChannelListener<StreamSourceChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(ClientWatch.class);
    /** The longest {@link #end} waits for the I/O thread to take the watch down. */
    private static final long END_WAIT_SECONDS = 10;
    /** How long after the first listener the socket is watched, if the response has not ended. */
    static final long WATCH_AFTER_MILLIS = 200;

    private final HttpServerExchange exchange;
    /** Guarded by this from here on. */
    private final List<Runnable> listeners = new ArrayList<>();
    private boolean started;
    private boolean gone;
    private boolean ended;
    /** The I/O thread began watching the socket (or is about to). */
    private boolean reading;
    /** The timer that begins the watch, until it ran or the watch ended. */
    private XnioExecutor.Key pending;
    /** Reads are resumed for this watch (the I/O thread's alone). */
    private boolean watching;

    ClientWatch(HttpServerExchange exchange) {
        this.exchange = exchange;
    }

    Registration onClientGone(Runnable listener) {
        Runnable once = listener::run; // its own identity: the same listener may be registered twice
        boolean now;
        boolean start = false;
        synchronized (this) {
            if (ended) {
                return () -> { };
            }
            now = gone;
            if (!now) {
                listeners.add(once);
                start = !started;
                started = true;
            }
        }
        if (now) {
            notify(List.of(once));
            return () -> { };
        }
        if (start) {
            XnioExecutor.Key timer;
            try {
                timer = exchange.getIoThread().executeAfter(this::watch, WATCH_AFTER_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                timer = null; // the server is stopping: its connections close, and writes fail
            }
            boolean late;
            synchronized (this) {
                late = ended;
                if (!late) {
                    pending = timer;
                }
            }
            if (late && timer != null) {
                timer.remove();
            }
        }
        return () -> {
            synchronized (this) {
                listeners.remove(once);
            }
        };
    }

    /**
     * The response is about to end (or the body failed): listeners no longer run, and the socket
     * is left to Undertow again. Waits, off the I/O thread, until the watch is down.
     */
    void end() {
        if (!endWatch()) {
            return;
        }
        if (Thread.currentThread() == exchange.getIoThread()) {
            unwatch();
            return;
        }
        CountDownLatch down = new CountDownLatch(1);
        try {
            exchange.getIoThread().execute(() -> {
                try {
                    unwatch();
                } finally {
                    down.countDown();
                }
            });
        } catch (RejectedExecutionException stopping) {
            return;
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(END_WAIT_SECONDS);
        try {
            for (;;) {
                try {
                    if (!down.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                        LOG.warn("The I/O thread did not stop watching a client within {} s", END_WAIT_SECONDS);
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the writer may have been interrupted by a listener: the watch comes down all the same
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The connection is being dropped: listeners no longer run; the I/O thread takes the watch down when it can. */
    void endWithoutWaiting() {
        if (endWatch()) {
            try {
                exchange.getIoThread().execute(this::unwatch);
            } catch (RejectedExecutionException stopping) {
                // nothing left to take down
            }
        }
    }

    /** A write to the client failed: it is gone. */
    void writeFailed() {
        clientGone();
    }

    /** @return whether a watch may be up, to be taken down on the I/O thread */
    private boolean endWatch() {
        XnioExecutor.Key timer;
        boolean up;
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            listeners.clear();
            timer = pending;
            pending = null;
            up = reading && !gone;
        }
        if (timer != null && !up) {
            timer.remove(); // the watch never began, nor will it: nothing to take down
        }
        return up;
    }

    /** Starts reading the socket (I/O thread). */
    private void watch() {
        synchronized (this) {
            pending = null;
            if (ended || gone) {
                return;
            }
            reading = true; // from here, the response's end takes the watch down on this thread
        }
        // Other protocols (HTTP/2, which this server does not speak) are not watched: a write failure still tells.
        if (exchange.getConnection() instanceof HttpServerConnection c && c.isOpen()) {
            c.getChannel().getSourceChannel().getReadSetter().set(this);
            // Below the request's conduits: its body has been read, and they would answer its end, not the socket's.
            c.getOriginalSourceConduit().resumeReads();
            watching = true;
        }
    }

    /** Stops reading the socket (I/O thread). */
    private void unwatch() {
        if (watching && exchange.getConnection() instanceof HttpServerConnection c) {
            watching = false;
            c.getOriginalSourceConduit().suspendReads();
            c.getChannel().getSourceChannel().getReadSetter().set(null);
        }
    }

    /** The socket has something to read (I/O thread). */
    @Override
    public void handleEvent(StreamSourceChannel channel) {
        if (!watching || !(exchange.getConnection() instanceof HttpServerConnection c)) {
            return;
        }
        synchronized (this) {
            if (ended) {
                unwatch();
                return;
            }
        }
        PooledByteBuffer pooled = c.getByteBufferPool().allocate();
        boolean handedBack = false;
        try {
            int read = c.getOriginalSourceConduit().read(pooled.getBuffer());
            if (read == 0) {
                return;
            }
            unwatch();
            if (read > 0) {
                pooled.getBuffer().flip();
                handBack(c, pooled);
                handedBack = true;
                return;
            }
            clientGone();
        } catch (IOException e) {
            unwatch();
            clientGone();
        } finally {
            if (!handedBack) {
                pooled.close();
            }
        }
    }

    /**
     * Leaves bytes read off the socket to the connection, after those it already holds: a request
     * that came in one read with the one being answered is held there, and bytes sent after it
     * must follow it ({@code ungetRequestBytes} would put them first, and the client would be
     * answered out of order).
     */
    private static void handBack(HttpServerConnection c, PooledByteBuffer read) {
        PooledByteBuffer held = c.getExtraBytes();
        if (held == null) {
            c.setExtraBytes(read);
            return;
        }
        ByteBuffer before = held.getBuffer();
        ByteBuffer after = read.getBuffer();
        if (before.capacity() - before.remaining() >= after.remaining()) {
            before.compact().put(after).flip();
            read.close();
            return;
        }
        ByteBuffer both = ByteBuffer.allocate(before.remaining() + after.remaining());
        both.put(before).put(after).flip();
        held.close();
        read.close();
        c.setExtraBytes(new ImmediatePooledByteBuffer(both));
    }

    private void clientGone() {
        List<Runnable> run;
        synchronized (this) {
            if (gone || ended) {
                return;
            }
            gone = true;
            run = List.copyOf(listeners);
            listeners.clear();
        }
        notify(run);
    }

    private static void notify(List<Runnable> run) {
        if (run.isEmpty()) {
            return;
        }
        Thread.ofVirtual().name("client-gone").start(() -> {
            for (Runnable r : run) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("A listener for a client that went away failed", e);
                }
            }
        });
    }
}
