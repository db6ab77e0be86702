package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * What the relay answers a language server's request to the client when no client can: none is
 * connected, or the one it went to disconnected before answering. The answers are the ones a
 * client without the feature gives, so the server carries on: {@code workspace/configuration}
 * gets a null per item (use defaults), {@code workspace/applyEdit} is not applied,
 * {@code window/showDocument} did not succeed, and everything else ({@code
 * client/registerCapability}, {@code window/workDoneProgress/create}, refresh requests,
 * {@code window/showMessageRequest}) gets null.
 */
final class FallbackAnswers {
    private FallbackAnswers() {
    }

    static JsonNode result(String method, JsonNode params) {
        return switch (method) {
            case "workspace/configuration" -> {
                ArrayNode nulls = JsonRpc.NODES.arrayNode();
                JsonNode items = params == null ? null : params.get("items");
                for (int i = 0; items != null && items.isArray() && i < items.size(); i++) {
                    nulls.addNull();
                }
                yield nulls;
            }
            case "workspace/applyEdit" -> JsonRpc.NODES.objectNode().put("applied", false)
                    .put("failureReason", "No editor is connected to apply the edit");
            case "window/showDocument" -> JsonRpc.NODES.objectNode().put("success", false);
            default -> NullNode.getInstance();
        };
    }
}
