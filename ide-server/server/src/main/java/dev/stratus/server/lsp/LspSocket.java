package dev.stratus.server.lsp;

import dev.stratus.server.websocket.BoundedMessageReader;
import dev.stratus.server.websocket.Liveness;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.IoUtils;

/**
 * One LSP socket ({@code /api/workspaces/{id}/lsp/{languageId}}) attached to a shared language
 * server: each text frame is one JSON-RPC message, handed to the server's relay thread; binary
 * frames close it with 1003, a message over the limit with 1009.
 */
final class LspSocket implements RelayClient {
    private static final AtomicLong NUMBERS = new AtomicLong();

    private final WebSocketChannel channel;
    private final SharedLanguageServer server;
    private final String name;

    LspSocket(WebSocketChannel channel, SharedLanguageServer server) {
        this.channel = channel;
        this.server = server;
        this.name = "socket " + NUMBERS.incrementAndGet() + " (" + channel.getSourceAddress() + ")";
    }

    /** Attaches to the server (whose socket count already includes this one) and starts reading. */
    void start(int maxMessageBytes, Liveness.Timing liveness) {
        server.attach(this);
        channel.addCloseTask(ch -> server.detach(this));
        channel.getReceiveSetter().set(Liveness.watch(channel, liveness, "a language-server connection", new AbstractReceiveListener() {
            @Override
            protected void onText(WebSocketChannel ch, StreamSourceFrameChannel message) {
                new BoundedMessageReader(maxMessageBytes, BoundedMessageReader.utf8(ch, text -> server.fromClient(LspSocket.this, text)))
                        .handleEvent(message);
            }

            @Override
            protected void onBinary(WebSocketChannel ch, StreamSourceFrameChannel message) {
                IoUtils.safeClose(message);
                close(CloseMessage.WRONG_CODE, "LSP messages are text frames");
            }
        }));
        channel.resumeReceives();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(String json) {
        if (channel.isOpen()) {
            WebSockets.sendText(json, channel, null);
        }
    }

    @Override
    public void close(int code, String reason) {
        BoundedMessageReader.closeWith(channel, code, reason);
    }
}
