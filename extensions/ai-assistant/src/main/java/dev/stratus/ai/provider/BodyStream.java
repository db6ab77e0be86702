package dev.stratus.ai.provider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;

/**
 * An {@link IdleTimeoutBody}'s buffers as a blocking stream: each read that has to wait for bytes
 * waits as {@link IdleTimeoutBody#take} does, at most about the body's idle period. Closing it
 * stops the download.
 */
final class BodyStream extends InputStream {
    private final IdleTimeoutBody body;
    private Iterator<ByteBuffer> pending = List.<ByteBuffer>of().iterator();
    private ByteBuffer current;

    BodyStream(IdleTimeoutBody body) {
        this.body = body;
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
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }

    @Override
    public void close() {
        body.close();
    }

    private boolean fill() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (pending.hasNext()) {
                current = pending.next();
                continue;
            }
            List<ByteBuffer> buffers = body.take();
            if (buffers == null) {
                return false;
            }
            pending = buffers.iterator();
        }
        return true;
    }
}
