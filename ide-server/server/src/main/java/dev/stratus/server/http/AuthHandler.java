package dev.stratus.server.http;

import dev.stratus.server.auth.Authenticator;
import dev.stratus.server.auth.Principal;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Authenticates every request by bearer token or session cookie and attaches the
 * {@link Principal}. Only the paths in {@code publicPaths} pass without one: an unauthenticated
 * browser navigation is sent to the login page, anything else gets 401. Lookups may hit the
 * database, so they run off the I/O thread: on a virtual thread of their own, where the rest of
 * the request runs too (handlers block freely, and a long one, such as a model's answer
 * streamed by an extension route, holds no pooled thread; one thread switch per request).
 */
public final class AuthHandler implements HttpHandler {
    /** The authenticated caller of a request. */
    public static final AttachmentKey<Principal> PRINCIPAL = AttachmentKey.create(Principal.class);
    /** Name of the session cookie. */
    public static final String SESSION_COOKIE = "stratus_session";

    private final Supplier<Authenticator> auth;
    private final Set<String> publicPaths;
    private final HttpHandler next;
    private final Executor threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory());

    /** @param auth the authenticator; a supplier because the database may still be opening */
    public AuthHandler(Supplier<Authenticator> auth, Set<String> publicPaths, HttpHandler next) {
        this.auth = auth;
        this.publicPaths = publicPaths;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (publicPaths.contains(exchange.getRelativePath())) {
            next.handleRequest(exchange);
            return;
        }
        if (!Thread.currentThread().isVirtual()) {
            exchange.dispatch(threads, this);
            return;
        }
        Optional<Principal> principal = authenticate(exchange);
        if (principal.isEmpty()) {
            if (isPageNavigation(exchange)) {
                exchange.setStatusCode(StatusCodes.FOUND);
                exchange.getResponseHeaders().put(Headers.LOCATION, "/login");
                exchange.endExchange();
            } else {
                exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"stratus\"");
                Json.error(exchange, StatusCodes.UNAUTHORIZED, "unauthenticated", "Log in or send an API token");
            }
            return;
        }
        exchange.putAttachment(PRINCIPAL, principal.get());
        next.handleRequest(exchange);
    }

    private Optional<Principal> authenticate(HttpServerExchange exchange) {
        String token = bearerToken(exchange);
        if (token != null) {
            return auth.get().byToken(token);
        }
        Cookie cookie = exchange.getRequestCookie(SESSION_COOKIE);
        return cookie == null ? Optional.empty() : auth.get().bySession(cookie.getValue());
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    public static String bearerToken(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    private static boolean isPageNavigation(HttpServerExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
        return exchange.getRequestMethod().equals(Methods.GET) && accept != null && accept.contains("text/html")
                && !exchange.getRelativePath().startsWith("/api/")
                && !OriginCheckHandler.isWebSocketUpgrade(exchange);
    }
}
