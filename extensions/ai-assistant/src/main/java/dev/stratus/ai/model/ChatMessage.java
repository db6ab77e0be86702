package dev.stratus.ai.model;

import java.util.List;

/**
 * One message of a conversation.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text (may be empty for an assistant message that only calls tools)
 * @param toolCalls tool calls an assistant message makes (empty otherwise)
 * @param toolCallId for a {@code tool} message: the call it answers
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId) {
    public ChatMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        content = content == null ? "" : content;
    }

    public static ChatMessage system(String text) {
        return new ChatMessage("system", text, List.of(), null);
    }

    public static ChatMessage user(String text) {
        return new ChatMessage("user", text, List.of(), null);
    }

    public static ChatMessage assistant(String text, List<ToolCall> calls) {
        return new ChatMessage("assistant", text, calls, null);
    }

    public static ChatMessage toolResult(String callId, String text) {
        return new ChatMessage("tool", text, List.of(), callId);
    }
}
