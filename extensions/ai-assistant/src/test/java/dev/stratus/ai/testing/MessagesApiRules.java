package dev.stratus.ai.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The checks Anthropic's Messages API makes of a request before it answers, each with the
 * message it gives in its 400 ({@code invalid_request_error}): what it refuses, the scripted
 * upstream refuses too, so a request body only the fake would take fails a test.
 */
final class MessagesApiRules {
    private MessagesApiRules() {
    }

    /** Why the API refuses {@code request}, in its words; null when it takes it. */
    static String refusal(JsonNode request) {
        JsonNode messages = request.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "messages: at least one message is required";
        }
        if (!"user".equals(messages.get(0).path("role").asText())) {
            return "messages: first message must use the \"user\" role";
        }
        for (JsonNode m : messages) {
            JsonNode content = m.path("content");
            if (content.isArray() && content.isEmpty()) {
                return "messages: all messages must have non-empty content except for the optional final assistant message";
            }
            for (JsonNode block : content.isArray() ? content : java.util.List.<JsonNode>of()) {
                if (block.path("type").asText().equals("text")) {
                    if (block.path("text").asText().isEmpty()) {
                        return "messages: text content blocks must be non-empty";
                    }
                    if (block.path("text").asText().isBlank()) {
                        return "messages: text content blocks must contain non-whitespace text";
                    }
                }
            }
        }
        JsonNode last = messages.get(messages.size() - 1);
        JsonNode lastBlock = last.path("content").path(last.path("content").size() - 1);
        if ("assistant".equals(last.path("role").asText()) && lastBlock.path("type").asText().equals("text")
                && !lastBlock.path("text").asText().equals(lastBlock.path("text").asText().stripTrailing())) {
            return "messages: final assistant content cannot end with trailing whitespace";
        }
        for (JsonNode stop : request.path("stop_sequences")) {
            if (stop.asText().isBlank()) {
                return "stop_sequences: each stop sequence must contain non-whitespace";
            }
        }
        return null;
    }
}
