package dev.stratus.server.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

/**
 * Checks {@code Origin} before anything acts on a request a foreign page could have sent: every
 * WebSocket upgrade, and every request other than GET/HEAD/OPTIONS. A missing Origin is accepted
 * only from clients that authenticate with a bearer token (browsers always send Origin on
 * upgrades and cross-site writes, and never attach bearer tokens on their own), and from a
 * plain request to an authenticated route that carries no credentials at all: it can act on
 * nothing, and the authentication after this check answers it 401 (a script that forgot its
 * token is told so, not that its origin was refused). A public route acts without credentials
 * (the login sets a session), so a write to one always needs its Origin.
 */
public final class OriginCheckHandler implements HttpHandler {
    private final HostPolicy policy;
    private final java.util.Set<String> publicPaths;
    private final HttpHandler next;

    /** @param publicPaths the routes served without authentication (as {@link AuthHandler} takes them) */
    public OriginCheckHandler(HostPolicy policy, java.util.Set<String> publicPaths, HttpHandler next) {
        this.policy = policy;
        this.publicPaths = publicPaths;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (needsCheck(exchange) && !allowed(exchange)) {
            Json.error(exchange, StatusCodes.FORBIDDEN, "origin_refused", "Cross-origin request refused");
            return;
        }
        next.handleRequest(exchange);
    }

    private static boolean needsCheck(HttpServerExchange exchange) {
        if (isWebSocketUpgrade(exchange)) {
            return true;
        }
        var method = exchange.getRequestMethod();
        return !(method.equals(Methods.GET) || method.equals(Methods.HEAD) || method.equals(Methods.OPTIONS));
    }

    /** A WebSocket handshake (not, say, the {@code Upgrade: h2c} some HTTP clients add). */
    static boolean isWebSocketUpgrade(HttpServerExchange exchange) {
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("websocket");
    }

    private boolean allowed(HttpServerExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null) {
            return AuthHandler.bearerToken(exchange) != null
                    || !isWebSocketUpgrade(exchange) && !publicPaths.contains(exchange.getRelativePath())
                    && exchange.getRequestCookie(AuthHandler.SESSION_COOKIE) == null;
        }
        return policy.originAllowed(origin, exchange.getRequestHeaders().getFirst(Headers.HOST));
    }
}
