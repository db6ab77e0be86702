package dev.stratus.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.auth.Authenticator;
import dev.stratus.server.auth.LoginThrottle;
import dev.stratus.server.auth.NewSession;
import dev.stratus.server.auth.Principal;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.server.handlers.CookieSameSiteMode;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.Supplier;

/** {@code POST /api/login}, {@code POST /api/logout} and {@code GET /api/me}. */
public final class SessionRoutes {
    private static final int MAX_LOGIN_BODY = 4096;

    private final Supplier<Authenticator> auth;
    private final LoginThrottle limiter;
    private final boolean secureCookies;

    /** @param secureCookies whether the session cookie gets the Secure flag (served over HTTPS) */
    public SessionRoutes(Supplier<Authenticator> auth, LoginThrottle limiter, boolean secureCookies) {
        this.auth = auth;
        this.limiter = limiter;
        this.secureCookies = secureCookies;
    }

    /**
     * Exchanges <code>{"token": "..."}</code> (a one-time login token or an API token) for a session
     * cookie: 204, 400 for a malformed body, 401 for a bad token, 429 with Retry-After when rate limited.
     */
    public void login(HttpServerExchange exchange) throws IOException {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this::login);
            return;
        }
        String address = exchange.getSourceAddress().getAddress().getHostAddress();
        long waitMs = limiter.waitBeforeAttempt(address);
        if (waitMs > 0) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(Math.max(1, (waitMs + 999) / 1000)));
            Json.error(exchange, StatusCodes.TOO_MANY_REQUESTS, "rate_limited", "Too many login attempts; try again later");
            return;
        }
        exchange.startBlocking();
        String token;
        try (InputStream in = exchange.getInputStream()) {
            byte[] body = in.readNBytes(MAX_LOGIN_BODY + 1);
            JsonNode node = body.length > MAX_LOGIN_BODY ? null : Json.MAPPER.readTree(body);
            token = node != null && node.path("token").isTextual() ? node.get("token").asText() : null;
        } catch (IOException e) {
            token = null;
        }
        if (token == null) {
            limiter.recordFailure(address);
            Json.error(exchange, StatusCodes.BAD_REQUEST, "bad_request", "Expected {\"token\": \"...\"}");
            return;
        }
        var session = auth.get().login(token);
        if (session.isEmpty()) {
            limiter.recordFailure(address);
            Json.error(exchange, StatusCodes.UNAUTHORIZED, "invalid_token", "This login link is invalid, expired or already used");
            return;
        }
        exchange.setResponseCookie(sessionCookie(session.get()));
        exchange.setStatusCode(StatusCodes.NO_CONTENT);
        exchange.endExchange();
    }

    private Cookie sessionCookie(NewSession s) {
        return new CookieImpl(AuthHandler.SESSION_COOKIE, s.cookieValue())
                .setPath("/")
                .setHttpOnly(true)
                .setSecure(secureCookies)
                .setSameSiteMode(CookieSameSiteMode.STRICT.toString())
                .setMaxAge((int) Duration.between(Instant.now(), s.expiresAt()).toSeconds())
                .setExpires(Date.from(s.expiresAt()));
    }

    /** Ends the caller's session and clears the cookie: 204. */
    public void logout(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this::logout);
            return;
        }
        Cookie cookie = exchange.getRequestCookie(AuthHandler.SESSION_COOKIE);
        if (cookie != null) {
            auth.get().logout(cookie.getValue());
        }
        exchange.setResponseCookie(new CookieImpl(AuthHandler.SESSION_COOKIE, "").setPath("/").setHttpOnly(true)
                .setSecure(secureCookies).setSameSiteMode(CookieSameSiteMode.STRICT.toString()).setMaxAge(0));
        exchange.setStatusCode(StatusCodes.NO_CONTENT);
        exchange.endExchange();
    }

    /** The caller: <code>{"id", "name", "role"}</code>. */
    public void me(HttpServerExchange exchange) {
        Principal p = exchange.getAttachment(AuthHandler.PRINCIPAL);
        Json.send(exchange, StatusCodes.OK, Map.of("id", p.userId(), "name", p.name(), "role", p.role()));
    }
}
