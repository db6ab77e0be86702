package dev.stratus.server.extension;

import dev.stratus.extension.api.HttpResponse;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * The body of a streamed extension response, over the exchange's response channel.
 *
 * <p>Bytes written and flushed on the writer's thread, and bytes {@linkplain #send sent} from
 * any thread, go into one queue in order and are written to the socket at once when it takes
 * them; what it does not take yet is written by a virtual thread of this body's that waits for
 * the socket to drain, so no sender ever waits for the client. (Not by a write listener: while
 * the writer runs inside the exchange's handler, Undertow defers resuming writes until the
 * handler returns.) The writer's {@link #flush} waits while more than {@link #BOUND} bytes are
 * queued (a client that does not read holds up its own stream, and never more than that in
 * memory from flushes), {@link #close} until all of it is written. Until the first byte is
 * written or sent, the writer may {@linkplain #answerInstead answer} with a whole response
 * instead, with a status of its own. Until the response ends, a {@link ClientWatch} tells those who
 * ask that the client went away, while nothing is written too.
 */
final class StreamedBody extends OutputStream implements HttpResponse.NonBlockingBody, HttpResponse.Unsent, HttpResponse.Watched {
    /** Queued bytes beyond which the client is not keeping up. */
    static final int BOUND = 64 * 1024;
    /** Written bytes gathered before a flush hands them on. */
    private static final int GATHER = 8 * 1024;

    private final HttpServerExchange exchange;
    private final ClientWatch watch;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    /** Bytes written and not yet flushed (the writer's thread only). */
    private byte[] gathered = new byte[256];
    private int length;
    /** Guarded by lock from here on. */
    private StreamSinkChannel channel;
    private long queued;
    /** A virtual thread is writing what the socket did not take at once. */
    private boolean draining;
    /** {@link #close} asked for the body's end: written once the queue is. */
    private boolean ending;
    private boolean shutdown;
    private boolean flushed = true;
    private boolean closed;
    private IOException failure;

    StreamedBody(HttpServerExchange exchange) {
        this.exchange = exchange;
        this.watch = new ClientWatch(exchange);
    }

    @Override
    public dev.stratus.extension.api.Registration onClientGone(Runnable listener) {
        return watch.onClientGone(listener);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (length + len > gathered.length) {
            gathered = Arrays.copyOf(gathered, Math.max(gathered.length * 2, length + len));
        }
        System.arraycopy(b, off, gathered, length, len);
        length += len;
        if (length >= GATHER) {
            hand(true); // a writer that never flushes waits for its client too
        }
    }

    /** Sends what was written, then waits while the client is more than {@link #BOUND} behind. */
    @Override
    public void flush() throws IOException {
        hand(true);
    }

    @Override
    public boolean send(byte[] bytes) throws IOException {
        lock.lock();
        try {
            enqueue(ByteBuffer.wrap(bytes));
            return queued <= BOUND;
        } finally {
            lock.unlock();
        }
    }

    /** The head goes out with the first byte queued: until then the exchange is untouched and may answer otherwise. */
    @Override
    public boolean answerInstead(HttpResponse response) throws IOException {
        if (response.writer() != null) {
            throw new IllegalArgumentException("a response answered instead of a streamed one has its body in memory");
        }
        lock.lock();
        try {
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
        }
        if (!takeOver()) {
            return false;
        }
        ExtensionHttpHandler.respond(exchange, response);
        return true;
    }

    /**
     * Ends this body without a byte if nothing was written or sent to it: the caller then answers
     * on the exchange itself.
     *
     * @return false once the body began (or ended)
     */
    boolean takeOver() {
        lock.lock();
        try {
            if (closed || channel != null || length > 0) {
                return false;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        watch.end(); // before the answer completes the exchange and Undertow reads the connection again
        return true;
    }

    @Override
    public boolean keepingUp() {
        lock.lock();
        try {
            return failure == null && !closed && queued <= BOUND;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the response: everything queued is written, then the chunked body's end, in the same
     * write as the last bytes when the socket takes them (the client reads the end with them).
     */
    @Override
    public void close() throws IOException {
        watch.end(); // before the body's end completes the exchange and Undertow reads the connection again
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (failure != null) {
                closed = true;
                throw failure;
            }
            ending = true;
            try {
                hand(false);
            } finally {
                closed = true;
            }
            if (!draining) {
                drainLocked();
            }
            awaitLocked(() -> shutdown && flushed);
        } finally {
            lock.unlock();
        }
    }

    /** Drops the connection unless the writer already ended the response. */
    void cut() {
        watch.endWithoutWaiting();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            fail(new ClosedChannelException());
        } finally {
            lock.unlock();
        }
        IoUtils.safeClose(exchange.getConnection());
    }

    private void hand(boolean wait) throws IOException {
        lock.lock();
        try {
            if (length > 0) {
                byte[] copy = Arrays.copyOf(gathered, length);
                length = 0;
                enqueue(ByteBuffer.wrap(copy));
            } else if (failure != null) {
                throw failure;
            }
            if (wait) {
                awaitLocked(() -> queued <= BOUND);
            }
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(ByteBuffer bytes) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IOException("the response has ended");
        }
        if (!bytes.hasRemaining()) {
            return;
        }
        queue.add(bytes);
        queued += bytes.remaining();
        flushed = false;
        if (!draining) {
            drainLocked(); // the socket usually takes it at once; otherwise a drainer goes on
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Writes what the socket takes now (lock held); starts the drainer for the rest. */
    private void drainLocked() {
        try {
            if (!writeWhatFits()) {
                draining = true;
                Thread.ofVirtual().name("stream-drainer").start(this::drainer);
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Waits for the socket to take more, and writes it, until all is written or the client is gone. */
    private void drainer() {
        try {
            for (;;) {
                StreamSinkChannel c;
                lock.lock();
                try {
                    if (writeWhatFits()) { // also true once the body failed
                        draining = false;
                        return;
                    }
                    c = channel;
                } finally {
                    lock.unlock();
                }
                c.awaitWritable();
            }
        } catch (IOException e) {
            lock.lock();
            try {
                fail(e);
                draining = false;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Writes queued bytes, then the body's end once asked for, until the socket takes no more
     * (lock held). Wakes the threads waiting for progress.
     *
     * @return true when all of it is written and flushed
     */
    private boolean writeWhatFits() throws IOException {
        if (failure != null) {
            return true;
        }
        StreamSinkChannel c = channel();
        try {
            ByteBuffer head;
            while ((head = queue.peek()) != null) {
                boolean last = ending && queue.size() == 1;
                queued -= last ? c.writeFinal(head) : c.write(head);
                if (head.hasRemaining()) {
                    return false;
                }
                queue.poll();
                if (last) { // writes are shut down: the chunked body's end is written, or left for flush
                    shutdown = true;
                    flushed = false;
                }
            }
            if (ending && !shutdown) {
                c.shutdownWrites();
                shutdown = true;
                flushed = false;
            }
            if (!flushed) {
                flushed = c.flush();
            }
            return flushed;
        } finally {
            progress.signalAll();
        }
    }

    private StreamSinkChannel channel() throws IOException {
        if (channel == null) {
            channel = exchange.getResponseChannel();
            if (channel == null) {
                throw new IOException("the response channel is gone");
            }
            // No close listener (one per response would pile up on a kept-alive connection): only
            // the drainer waits for the client, and a client that left fails its next write.
        }
        return channel;
    }

    private void fail(IOException e) {
        if (failure == null) {
            failure = e;
            watch.writeFailed();
        }
        queue.clear();
        queued = 0;
        progress.signalAll();
    }

    private void awaitLocked(java.util.function.BooleanSupplier done) throws IOException {
        while (failure == null && !done.getAsBoolean()) {
            try {
                progress.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the client took the response");
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
