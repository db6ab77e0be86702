package dev.stratus.server.rpc;

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
 * Reads one text message (all its fragments) without ever holding more than a fixed number of
 * bytes. Undertow's own buffered reader does not apply its size limit on the non-blocking path,
 * so a client could make the server buffer any amount; here a message over the limit closes the
 * socket with 1009 (message too big) as soon as the limit is crossed, and invalid UTF-8 with 1007.
 */
final class BoundedTextReader implements ChannelListener<StreamSourceFrameChannel> {
    private final long maxBytes;
    private final Consumer<String> onMessage;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    BoundedTextReader(long maxBytes, Consumer<String> onMessage) {
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
                    deliver(ws);
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

    private void deliver(WebSocketChannel ws) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            closeWith(ws, CloseMessage.WRONG_CODE, "Text message is not valid UTF-8");
            return;
        }
        onMessage.accept(text);
    }

    private static void closeWith(WebSocketChannel ws, int code, String reason) {
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
