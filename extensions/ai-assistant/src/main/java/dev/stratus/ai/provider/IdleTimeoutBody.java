package dev.stratus.ai.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as a blocking stream in which every read gives up after an idle period.
 *
 * <p>{@link java.net.http.HttpRequest#timeout} only bounds the wait for the response headers, and
 * the JDK's own input-stream body blocks forever once they arrived, so a stream that stalls
 * mid-answer would hang its caller. This body hands the caller the response as soon as the
 * headers are in, and each read waits at most {@code idle} for the next bytes.
 */
final class IdleTimeoutBody extends InputStream implements HttpResponse.BodySubscriber<IdleTimeoutBody> {

    /** No bytes arrived for the idle period. */
    static final class IdleException extends IOException {
        IdleException(Duration idle) {
            super("no bytes for " + idle.toMillis() + " ms", null);
        }
    }

    private static final Object END = new Object();

    private final Duration idle;
    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    /** Set by {@link #discardRest}: what still arrives is dropped, not queued for a reader. */
    private volatile boolean discarding;
    private boolean discarded;
    private Iterator<ByteBuffer> pending = List.<ByteBuffer>of().iterator();
    private ByteBuffer current;
    private boolean ended;
    private long received;

    IdleTimeoutBody(Duration idle) {
        this.idle = idle;
    }

    /** Bytes of body read so far. */
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
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        arrivals.add(item);
        if (discarding) {
            pumpDiscarded();
        }
    }

    @Override
    public void onError(Throwable failure) {
        arrivals.add(failure);
        if (discarding) {
            pumpDiscarded();
        }
    }

    @Override
    public void onComplete() {
        arrivals.add(END);
        if (discarding) {
            pumpDiscarded();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, current.remaining());
        current.get(into, offset, n);
        received += n;
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }

    private boolean fill() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (pending.hasNext()) {
                current = pending.next();
                continue;
            }
            if (ended || closed) {
                return false;
            }
            Object next;
            try {
                next = arrivals.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new InterruptedIOException("interrupted while reading the answer");
            }
            if (next == null) {
                throw new IdleException(idle);
            }
            if (next == END) {
                ended = true;
                return false;
            }
            if (next instanceof Throwable failure) {
                ended = true;
                throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> buffers = (List<ByteBuffer>) next;
            pending = buffers.iterator();
            Flow.Subscription s = subscription;
            if (s != null) {
                s.request(1);
            }
        }
        return true;
    }

    /**
     * Instead of {@link #close}, once the answer is complete but the body has not ended yet
     * (after OpenAI's {@code [DONE]} only the chunked body's end follows): what still arrives is
     * dropped without a reader, so the connection goes back to the client's pool rather than
     * being closed. If the body has not ended within {@code bound}, the download is cancelled.
     */
    void discardRest(Duration bound) {
        discarding = true;
        if (!pumpDiscarded()) {
            CompletableFuture.delayedExecutor(bound.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
                if (!pumpDiscarded()) {
                    close();
                }
            });
        }
    }

    /** Drops what arrived, asking for more; true once the body ended (or failed). */
    private synchronized boolean pumpDiscarded() {
        Object next;
        while (!discarded && (next = arrivals.poll()) != null) {
            if (next == END || next instanceof Throwable) {
                discarded = true;
            } else {
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.request(1);
                }
            }
        }
        return discarded;
    }

    /** Stops the download; the connection is dropped if the body was not read to its end. */
    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
