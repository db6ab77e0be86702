package dev.stratus.ai.model;

import java.util.List;

/**
 * A complete answer.
 *
 * @param text the answer text
 * @param toolCalls tool calls the model made (empty when none)
 * @param usage tokens used
 * @param finishReason {@code stop}, {@code length}, {@code tool_calls}, ...
 */
public record ChatResult(String text, List<ToolCall> toolCalls, Usage usage, String finishReason) {
    public ChatResult {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        usage = usage == null ? Usage.NONE : usage;
    }
}
