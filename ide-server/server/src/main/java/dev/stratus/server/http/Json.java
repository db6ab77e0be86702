package dev.stratus.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Map;

/** JSON bodies of the plain HTTP routes. */
public final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** Sends {@code body} as JSON with {@code status}; API responses are never cached. */
    public static void send(HttpServerExchange exchange, int status, Object body) {
        String text;
        try {
            text = MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unserialisable response", e);
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(text);
    }

    /** Sends <code>{"error": code, "message": message}</code>. */
    public static void error(HttpServerExchange exchange, int status, String code, String message) {
        send(exchange, status, Map.of("error", code, "message", message));
    }
}
