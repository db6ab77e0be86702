package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests the language server sent to a client, waiting for its answer. The server's own ids
 * go to the client unchanged (only one client gets each request); an answer is accepted only
 * from the client that was asked, and when that client goes, the relay answers in its place
 * ({@link FallbackAnswers}), so the server never waits forever.
 *
 * <p>Not thread-safe: one relay thread uses it.
 */
final class ServerRequests {
    private record Asked(JsonNode id, String method, JsonNode params, RelayClient client) {
    }

    private final Map<String, Asked> byId = new LinkedHashMap<>();

    void asked(RelayClient client, JsonNode id, String method, JsonNode params) {
        byId.put(key(id), new Asked(id, method, params, client));
    }

    /** Whether {@code client} was asked the request {@code id} answers; forgets it if so. */
    boolean answeredBy(RelayClient client, JsonNode id) {
        String key = key(id);
        Asked a = byId.get(key);
        if (a == null || a.client() != client) {
            return false;
        }
        byId.remove(key);
        return true;
    }

    /** The relay's answers to what {@code client} was asked and did not answer; forgets them. */
    List<ObjectNode> clientGone(RelayClient client) {
        List<ObjectNode> answers = new ArrayList<>();
        byId.values().removeIf(a -> {
            if (a.client() != client) {
                return false;
            }
            answers.add(JsonRpc.response(a.id(), FallbackAnswers.result(a.method(), a.params())));
            return true;
        });
        return answers;
    }

    /** The server that asked is gone. */
    void clear() {
        byId.clear();
    }

    /** JSON ids 1 and "1" are different requests. */
    private static String key(JsonNode id) {
        return id == null ? "null" : id.isTextual() ? "s" + id.textValue() : "n" + id.asText();
    }
}
