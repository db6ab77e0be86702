package dev.stratus.ai.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.ai.JsonMappers;

/** The one mapper of this package, and lenient parsing for provider payloads. */
final class Json {
    static final ObjectMapper MAPPER = JsonMappers.newMapper();
    /** Reads trees without resolving the target type again for each of a stream's chunks. */
    private static final ObjectReader TREES = MAPPER.readerFor(JsonNode.class);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The parsed text, or null when it is not JSON. */
    static JsonNode parseOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return TREES.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A JSON Schema or arguments object given as text; an empty object when blank. */
    static JsonNode objectOrEmpty(String text, String what) {
        if (text == null || text.isBlank()) {
            return object();
        }
        JsonNode node = parseOrNull(text);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return node;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
