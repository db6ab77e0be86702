package dev.stratus.server.websocket;

import io.undertow.util.StatusCodes;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;

/** The upgrade step every socket route shares: a plain request where an upgrade was expected is 400. */
public final class WebSocketUpgrade {
    private WebSocketUpgrade() {
    }

    /** A handler that upgrades to a WebSocket handed to {@code onConnect}. */
    public static WebSocketProtocolHandshakeHandler to(WebSocketConnectionCallback onConnect) {
        return new WebSocketProtocolHandshakeHandler(onConnect, exchange -> {
            exchange.setStatusCode(StatusCodes.BAD_REQUEST);
            exchange.getResponseSender().send("WebSocket upgrade required");
        });
    }
}
