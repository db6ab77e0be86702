package dev.stratus.server.extension;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonParser;
import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;
import java.lang.reflect.Type;

/**
 * JSON between the RPC layer (Gson, as LSP4J uses) and extensions' own types (bound by Jackson,
 * which needs no annotations on records and classes the host has never seen).
 */
final class JsonBridge {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    private JsonBridge() {
    }

    /** Binds params to a type; InvalidParams when they do not fit. */
    static Object bind(JsonElement params, Type type) {
        try {
            String json = params == null || params.isJsonNull() ? "{}" : params.toString();
            return MAPPER.readValue(json, MAPPER.getTypeFactory().constructType(type));
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ProtocolError.INVALID_PARAMS, "Invalid params: " + e.getOriginalMessage());
        }
    }

    /** Any value an extension returned, as Gson JSON. */
    static JsonElement toGson(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        try {
            return JsonParser.parseString(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The result is not JSON-serialisable: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode toJackson(JsonElement value) {
        try {
            return MAPPER.readTree(value == null ? "null" : value.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonElement toGson(JsonNode value) {
        return value == null ? JsonNull.INSTANCE : JsonParser.parseString(value.toString());
    }
}
