package dev.stratus.server.terminal;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;

/**
 * Reads one WebSocket message (all its fragments) without ever holding more than a fixed number
 * of bytes: a message over the limit closes the socket with 1009 as soon as the limit is
 * crossed. Runs on the socket's I/O thread and never blocks it: when no more data is ready it
 * waits for the next read event.
 */
final class BoundedFrameReader implements ChannelListener<StreamSourceFrameChannel> {
    private final long maxBytes;
    private final Consumer<byte[]> onMessage;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    BoundedFrameReader(long maxBytes, Consumer<byte[]> onMessage) {
        this.maxBytes = maxBytes;
        this.onMessage = onMessage;
    }

    @Override
    public void handleEvent(StreamSourceFrameChannel frame) {
        WebSocketChannel ws = frame.getWebSocketChannel();
        try (PooledByteBuffer pooled = ws.getBufferPool().allocate()) {
            ByteBuffer buf = pooled.getBuffer();
            while (true) {
                buf.clear();
                int n = frame.read(buf);
                if (n == -1) {
                    frame.getReadSetter().set(null);
                    onMessage.accept(data.toByteArray());
                    return;
                }
                if (n == 0) {
                    frame.getReadSetter().set(this);
                    frame.resumeReads();
                    return;
                }
                if (data.size() + (long) n > maxBytes) {
                    frame.getReadSetter().set(null);
                    TerminalSocket.closeWith(ws, CloseMessage.MSG_TOO_BIG, "Message larger than " + maxBytes + " bytes");
                    return;
                }
                buf.flip();
                byte[] chunk = new byte[n];
                buf.get(chunk);
                data.write(chunk, 0, n);
            }
        } catch (IOException e) {
            IoUtils.safeClose(ws);
        }
    }
}
