package dev.stratus.server.lsp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** JSON-RPC 2.0 messages as Jackson trees: building them and telling their kinds apart. */
final class JsonRpc {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Messages are bounded by the relay's own limit (16 MiB by default), checked before parsing.
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(1000).build());
    }

    private JsonRpc() {
    }

    static JsonNode parse(byte[] json) throws IOException {
        return JSON.readTree(json);
    }

    static JsonNode parse(String json) throws IOException {
        return JSON.readTree(json);
    }

    static String write(JsonNode message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
    }

    static byte[] bytes(JsonNode message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
    }

    static ObjectNode notification(String method, JsonNode params) {
        ObjectNode m = NODES.objectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            m.set("params", params);
        }
        return m;
    }

    static ObjectNode request(long id, String method, JsonNode params) {
        ObjectNode m = NODES.objectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            m.set("params", params);
        }
        return m;
    }

    static ObjectNode response(JsonNode id, JsonNode result) {
        ObjectNode m = NODES.objectNode().put("jsonrpc", "2.0");
        m.set("id", id == null ? NullNode.getInstance() : id);
        m.set("result", result == null ? NullNode.getInstance() : result);
        return m;
    }

    static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode m = NODES.objectNode().put("jsonrpc", "2.0");
        m.set("id", id == null ? NullNode.getInstance() : id);
        m.putObject("error").put("code", code).put("message", message);
        return m;
    }

    /** The method of a request or notification, or null for a response. */
    static String method(JsonNode m) {
        JsonNode method = m.get("method");
        return method != null && method.isTextual() ? method.textValue() : null;
    }

    /** A usable id (number or string), or null when absent or of another type. */
    static JsonNode id(JsonNode m) {
        JsonNode id = m.get("id");
        return id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    }

    static boolean isRequest(JsonNode m) {
        return method(m) != null && m.has("id");
    }

    static boolean isResponse(JsonNode m) {
        return method(m) == null && m.has("id") && (m.has("result") || m.has("error"));
    }

    /** JSON-RPC and LSP error codes the relay answers with. */
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /** LSP: a request before {@code initialize}. */
    static final int SERVER_NOT_INITIALIZED = -32002;
    /** LSP: the request was cancelled. */
    static final int REQUEST_CANCELLED = -32800;
}
