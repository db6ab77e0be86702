package dev.stratus.server.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/** Refuses requests whose {@code Host} header does not name this server (DNS-rebinding defence). */
public final class HostCheckHandler implements HttpHandler {
    private final HostPolicy policy;
    private final HttpHandler next;

    public HostCheckHandler(HostPolicy policy, HttpHandler next) {
        this.policy = policy;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!policy.hostAllowed(exchange.getRequestHeaders().getFirst(Headers.HOST))) {
            Json.error(exchange, 421, "unknown_host",
                    "This server does not answer for that host name");
            return;
        }
        next.handleRequest(exchange);
    }
}
