package dev.stratus.ai.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request {@link ScriptedUpstream} received, exactly as sent.
 *
 * @param method the HTTP method
 * @param path the path with its query, as on the request line
 * @param headers every header, names in lower case
 * @param body the body as UTF-8 text, empty when none
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The body parsed as JSON. */
    public JsonNode json() {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request body is not JSON: " + body, e);
        }
    }

    /** Everything received, for asserting that a secret never left: headers and body. */
    public String raw() {
        return method + " " + path + "\n" + headers + "\n" + body;
    }
}
