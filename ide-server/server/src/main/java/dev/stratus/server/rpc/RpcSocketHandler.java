package dev.stratus.server.rpc;

import dev.stratus.server.auth.Principal;
import dev.stratus.server.websocket.BoundedMessageReader;
import dev.stratus.server.websocket.Liveness;
import dev.stratus.server.websocket.WebSocketUpgrade;
import dev.stratus.server.workspace.Workspace;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.StatusCodes;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.xnio.IoUtils;

/**
 * {@code GET /api/workspaces/{id}/rpc}: upgrades to a WebSocket carrying JSON-RPC 2.0 for one
 * workspace. Authentication and the Origin check happen earlier in the handler chain; this
 * handler only finds the workspace and binds the connection's services.
 */
public final class RpcSocketHandler implements HttpHandler, AutoCloseable {
    private static final AttachmentKey<Context> CONTEXT = AttachmentKey.create(Context.class);

    private record Context(Workspace workspace, Principal principal) {
    }

    private final Function<HttpServerExchange, Optional<Workspace>> workspaceOf;
    private final Function<HttpServerExchange, Principal> principalOf;
    private final RpcServiceFactory factory;
    private final RpcConfig config;
    private final WebSocketProtocolHandshakeHandler upgrade;
    private final Set<WebSocketChannel> open = ConcurrentHashMap.newKeySet();

    public RpcSocketHandler(Function<HttpServerExchange, Optional<Workspace>> workspaceOf,
                            Function<HttpServerExchange, Principal> principalOf,
                            RpcServiceFactory factory, RpcConfig config) {
        this.workspaceOf = workspaceOf;
        this.principalOf = principalOf;
        this.factory = factory;
        this.config = config;
        this.upgrade = WebSocketUpgrade.to(this::onConnect);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<Workspace> workspace = workspaceOf.apply(exchange);
        if (workspace.isEmpty()) {
            exchange.setStatusCode(StatusCodes.NOT_FOUND);
            exchange.getResponseSender().send("No such workspace");
            return;
        }
        exchange.putAttachment(CONTEXT, new Context(workspace.get(), principalOf.apply(exchange)));
        upgrade.handleRequest(exchange);
    }

    private void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        Context ctx = exchange.getAttachment(CONTEXT);
        RpcConnection connection = new RpcConnection(channel, factory,
                client -> factory.create(ctx.workspace(), ctx.principal(), client), config);
        open.add(channel);
        channel.addCloseTask(ch -> {
            open.remove(ch);
            connection.close();
        });
        channel.getReceiveSetter().set(Liveness.watch(channel, config.liveness(), "a workspace connection", new AbstractReceiveListener() {
            @Override
            protected void onText(WebSocketChannel ch, StreamSourceFrameChannel message) {
                new BoundedMessageReader(config.maxMessageBytes(), BoundedMessageReader.utf8(ch, connection::onText)).handleEvent(message);
            }

            @Override
            protected void onBinary(WebSocketChannel ch, StreamSourceFrameChannel message) {
                WebSockets.sendClose(CloseMessage.WRONG_CODE, "JSON-RPC uses text frames", ch, null);
                IoUtils.safeClose(message);
            }
        }));
        channel.resumeReceives();
    }

    @Override
    public void close() {
        for (WebSocketChannel ch : open) {
            WebSockets.sendClose(CloseMessage.GOING_AWAY, "Server is shutting down", ch, null);
        }
    }
}
