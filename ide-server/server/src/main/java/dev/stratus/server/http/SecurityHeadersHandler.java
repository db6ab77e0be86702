package dev.stratus.server.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;

/**
 * Sets the security headers of every response: a strict Content-Security-Policy (no inline or
 * evaluated scripts, same-origin connections only, never framed), nosniff, no referrer, and
 * same-origin opener isolation.
 */
public final class SecurityHeadersHandler implements HttpHandler {
    static final String CSP = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            // Monaco sets inline styles on its DOM nodes; no scripts can come through this.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "worker-src 'self' blob:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private final HttpHandler next;

    public SecurityHeadersHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap h = exchange.getResponseHeaders();
        h.put(HttpString.tryFromString("Content-Security-Policy"), CSP);
        h.put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
        h.put(HttpString.tryFromString("X-Frame-Options"), "DENY");
        h.put(HttpString.tryFromString("Referrer-Policy"), "no-referrer");
        h.put(HttpString.tryFromString("Cross-Origin-Opener-Policy"), "same-origin");
        h.put(HttpString.tryFromString("Cross-Origin-Resource-Policy"), "same-origin");
        h.put(HttpString.tryFromString("Permissions-Policy"), "camera=(), microphone=(), geolocation=()");
        next.handleRequest(exchange);
    }
}
