package dev.stratus.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** JSON bodies of the plain HTTP routes. */
public final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** On a request whose errors take OpenAI's shape (see {@link #openAiErrorsFor}). */
    private static final AttachmentKey<Boolean> OPENAI_ERRORS = AttachmentKey.create(Boolean.class);

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

    /**
     * Sends <code>{"error": code, "message": message}</code>, or on a request marked by
     * {@link #openAiErrorsFor} OpenAI's <code>{"error": {"message", "type", "param", "code"}}</code>,
     * {@code type} and {@code code} being {@code code}.
     */
    public static void error(HttpServerExchange exchange, int status, String code, String message) {
        if (exchange.getAttachment(OPENAI_ERRORS) == null) {
            send(exchange, status, Map.of("error", code, "message", message));
            return;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", code);
        error.put("param", null);
        error.put("code", code);
        send(exchange, status, Map.of("error", error));
    }

    /**
     * Marks the requests {@code under} picks (those under an extension's HTTP alias, {@code /v1}),
     * before anything may refuse them: their clients are OpenAI's, which read {@code error.message}
     * and {@code error.type} and show a string {@code error} as an error without a message.
     */
    public static HttpHandler openAiErrorsFor(Predicate<HttpServerExchange> under, HttpHandler next) {
        return exchange -> {
            if (under.test(exchange)) {
                exchange.putAttachment(OPENAI_ERRORS, Boolean.TRUE);
            }
            next.handleRequest(exchange);
        };
    }
}
