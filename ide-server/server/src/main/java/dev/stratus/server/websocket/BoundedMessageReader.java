package dev.stratus.server.websocket;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;

/**
 * Reads one WebSocket message (all its fragments) without ever holding more than a fixed number
 * of bytes. Undertow's own buffered reader does not apply its size limit on the non-blocking
 * path, so a client could make the server buffer any amount; here a message over the limit
 * closes the socket with 1009 (message too big) as soon as the limit is crossed. Runs on the
 * socket's I/O thread and never blocks it: when no more data is ready it waits for the next read
 * event. Shared by every socket the server hosts (JSON-RPC, terminal bytes).
 */
public final class BoundedMessageReader implements ChannelListener<StreamSourceFrameChannel> {
    private final long maxBytes;
    private final Consumer<byte[]> onMessage;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    public BoundedMessageReader(long maxBytes, Consumer<byte[]> onMessage) {
        this.maxBytes = maxBytes;
        this.onMessage = onMessage;
    }

    /** Delivers text messages decoded strictly as UTF-8; invalid UTF-8 closes the socket with 1007. */
    public static Consumer<byte[]> utf8(WebSocketChannel ws, Consumer<String> onText) {
        return bytes -> {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                closeWith(ws, CloseMessage.WRONG_CODE, "Text message is not valid UTF-8");
                return;
            }
            onText.accept(text);
        };
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
                    closeWith(ws, CloseMessage.MSG_TOO_BIG, "Message larger than " + maxBytes + " bytes");
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

    /** Sends a close frame with {@code code}, then closes the connection (if still open). */
    public static void closeWith(WebSocketChannel ws, int code, String reason) {
        if (!ws.isOpen()) {
            return;
        }
        WebSockets.sendClose(code, reason, ws, new WebSocketCallback<>() {
            @Override
            public void complete(WebSocketChannel channel, Void context) {
                IoUtils.safeClose(channel);
            }

            @Override
            public void onError(WebSocketChannel channel, Void context, Throwable throwable) {
                IoUtils.safeClose(channel);
            }
        });
    }
}
