package dev.stratus.ai.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.ProviderException.Kind;
import java.net.UnknownHostException;
import java.net.http.HttpHeaders;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Classifies upstream failures into {@link ProviderException}s, the one place that knows how
 * each server words its errors. Messages name the deployment, the status and the provider's own
 * message (at most {@value #MAX_MESSAGE} characters, with the key blanked should a server echo
 * it); never the request body.
 */
final class ProviderErrors {
    static final int MAX_MESSAGE = 300;

    /*
     * How servers say "too long": OpenAI code context_length_exceeded; vLLM "This model's maximum
     * context length is 4096 tokens" or "longer than the maximum model length of 4096"; llama.cpp type exceed_context_size_error, "exceeds the
     * available context size"; TGI "`inputs` tokens + `max_new_tokens` must be <= 4096";
     * Anthropic "prompt is too long: 208000 tokens > 200000 maximum"; Ollama and LM Studio
     * mention the context length or window.
     */
    private static final Pattern CONTEXT_LIMIT = Pattern.compile(
            "context_length_exceeded|exceed_context_size|context.length|maximum context|maximum model length|context size"
                    + "|context window|prompt is too long|max_new_tokens. must be",
            Pattern.CASE_INSENSITIVE);

    /*
     * How providers say the account is out of money or quota, whatever the status: OpenAI 429
     * {"code": "insufficient_quota", "message": "You exceeded your current quota, please check your
     * plan and billing details..."}; Anthropic 400 invalid_request_error "Your credit balance is too
     * low to access the Anthropic API. Please go to Plans & Billing...", its billing_error (402),
     * and 403 permission errors about billing; OpenRouter's 402 "Insufficient credits".
     */
    private static final Pattern QUOTA = Pattern.compile(
            "insufficient_quota|billing_error|exceeded your current quota|credit balance is too low|insufficient credits"
                    + "|insufficient (funds|balance)|plans (&|and) billing|billing details",
            Pattern.CASE_INSENSITIVE);

    private ProviderErrors() {
    }

    /** A non-2xx response. */
    static ProviderException forStatus(Deployment d, int status, HttpHeaders headers, String body) {
        JsonNode json = Json.parseOrNull(body);
        String message = json != null ? messageOf(json) : body;
        Kind kind = switch (status) {
            case 402 -> Kind.QUOTA_EXHAUSTED;
            case 429 -> quota(json, body) ? Kind.QUOTA_EXHAUSTED : Kind.RATE_LIMITED;
            case 503, 529 -> Kind.OVERLOADED;
            case 401 -> Kind.AUTH;
            case 403 -> quota(json, body) ? Kind.QUOTA_EXHAUSTED : Kind.AUTH;
            default -> status >= 500 ? Kind.SERVER_ERROR
                    : quota(json, body) ? Kind.QUOTA_EXHAUSTED
                    : CONTEXT_LIMIT.matcher(body == null ? "" : body).find() ? Kind.CONTEXT_OVERFLOW
                    : Kind.BAD_REQUEST;
        };
        return new ProviderException(kind, status, retryAfter(headers, Instant.now()),
                describe(d, "HTTP " + status, message), kind == Kind.CONTEXT_OVERFLOW ? StatedContext.in(body) : null);
    }

    /**
     * An error reported inside a 200 stream: Anthropic's {@code error} event, or the
     * {@code {"error": {...}}} chunk OpenAI-compatible servers send when generation fails.
     */
    static ProviderException inStream(Deployment d, JsonNode error) {
        String type = error.path("type").asText("") + " " + error.path("code").asText("");
        String message = messageOf(error);
        int code = error.path("code").isInt() ? error.path("code").asInt() : 0;
        Kind kind;
        if (quota(error, message)) {
            kind = Kind.QUOTA_EXHAUSTED;
        } else if (type.contains("overloaded") || code == 503 || code == 529) {
            kind = Kind.OVERLOADED;
        } else if (type.contains("rate_limit") || code == 429) {
            kind = Kind.RATE_LIMITED;
        } else if (type.contains("authentication") || type.contains("permission") || code == 401 || code == 403) {
            kind = Kind.AUTH;
        } else if (CONTEXT_LIMIT.matcher(type + " " + message).find()) {
            kind = Kind.CONTEXT_OVERFLOW;
        } else if (type.contains("invalid_request") || (code >= 400 && code < 500)) {
            kind = Kind.BAD_REQUEST;
        } else {
            kind = Kind.SERVER_ERROR;
        }
        return new ProviderException(kind, 0, null, describe(d, "error in stream (" + type.strip() + ")", message),
                kind == Kind.CONTEXT_OVERFLOW ? StatedContext.in(error.toString()) : null);
    }

    /** Whether an error says the account's quota or credit is spent: its type or code, or its message. */
    private static boolean quota(JsonNode json, String text) {
        JsonNode error = json == null ? null : json.path("error").isObject() ? json.get("error") : json;
        if (error != null && QUOTA.matcher(error.path("type").asText("") + " " + error.path("code").asText("")).find()) {
            return true;
        }
        return text != null && QUOTA.matcher(text).find();
    }

    /**
     * The failure an {@code error} event reports: llama.cpp's {@code error: {"code": 400, "message":
     * ..., "type": "exceed_context_size_error", "n_ctx": 4096}} (its error object itself), or an
     * {@code {"error": {...}}} a gateway sends under {@code event: error}.
     */
    static ProviderException errorEvent(Deployment d, String data) {
        JsonNode json = Json.parseOrNull(data);
        if (json == null || !json.isObject()) {
            return transport(d, ProviderException.Kind.SERVER_ERROR,
                    "error in stream: " + clean(d, data));
        }
        return inStream(d, json.path("error").isObject() ? json.get("error") : json);
    }

    /**
     * Nothing took the connection: a server that is not running (or not at that address) must not
     * read as a slow one. Says where it should be running, never the path, query or key.
     */
    static ProviderException unreachable(Deployment d, Throwable cause) {
        return transport(d, Kind.UNREACHABLE, unreachableWords(d, cause));
    }

    /** {@code refusing connections (is the server running at 127.0.0.1:11434?)}, or {@code host not found (...)}. */
    static String unreachableWords(Deployment d, Throwable cause) {
        boolean unknownHost = false;
        for (Throwable t = cause; t != null && !unknownHost; t = t.getCause()) {
            unknownHost = t instanceof UnresolvedAddressException || t instanceof UnknownHostException;
        }
        return (unknownHost ? "host not found" : "refusing connections") + " (is the server running at " + d.address() + "?)";
    }

    /** A failure without a usable response. */
    static ProviderException transport(Deployment d, Kind kind, String what) {
        return new ProviderException(kind, 0, null, describe(d, what, null));
    }

    static String describe(Deployment d, String what, String providerMessage) {
        StringBuilder s = new StringBuilder("deployment ").append(d.name()).append(": ").append(what);
        if (providerMessage != null && !providerMessage.isBlank()) {
            s.append(": ").append(clean(d, providerMessage));
        }
        return s.toString();
    }

    /** {@code text} on one line, the key blanked, at most {@value #MAX_MESSAGE} characters. */
    static String clean(Deployment d, String text) {
        // The key first: collapsing whitespace would change a key that holds some, or ends in a CR.
        String m = d.withoutKey(text).replaceAll("\\s+", " ").strip();
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
    }

    /**
     * The error text of a JSON error body: {@code error.message} (OpenAI, Anthropic, llama.cpp,
     * Ollama), {@code message} (older vLLM), or {@code error} as a string (TGI).
     */
    static String messageOf(JsonNode json) {
        JsonNode error = json.path("error");
        if (error.isObject() && error.hasNonNull("message")) {
            return error.get("message").asText();
        }
        if (error.isTextual()) {
            return error.asText();
        }
        if (json.hasNonNull("message")) {
            return json.get("message").asText();
        }
        return json.toString();
    }

    /**
     * The wait asked for: {@code retry-after-ms} (OpenAI, precise) when present, else
     * {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable.
     */
    static Duration retryAfter(HttpHeaders headers, Instant now) {
        var millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return nonNegative(Duration.ofMillis(Math.round(Double.parseDouble(millis.get().strip()))));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        var value = headers.firstValue("retry-after").map(String::strip).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return nonNegative(Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)).toInstant();
                return nonNegative(Duration.between(now, at));
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * The JSON of a whole answer (chat or text completion) where a stream was asked for, null when
     * it is not JSON; an {@code {"error": ...}} in it is thrown as one in a stream would be.
     */
    static JsonNode wholeAnswer(Deployment d, String json) {
        JsonNode completion = Json.parseOrNull(json);
        if (completion != null && completion.hasNonNull("error")) {
            JsonNode error = completion.get("error");
            throw inStream(d, error.isObject() ? error : completion);
        }
        return completion;
    }
}
