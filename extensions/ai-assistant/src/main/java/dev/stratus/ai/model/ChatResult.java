package dev.stratus.ai.model;

import java.util.List;

/**
 * A complete answer.
 *
 * @param text the answer text
 * @param toolCalls tool calls the model made (empty when none)
 * @param usage tokens used
 * @param finishReason {@code stop}, {@code length}, {@code tool_calls}, ...
 * @param thinkingChars characters of thinking the model wrote in its text and that were taken
 *     out of {@code text} (a leading think block), for charging when no usage was reported
 */
public record ChatResult(String text, List<ToolCall> toolCalls, Usage usage, String finishReason, int thinkingChars) {
    public ChatResult {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        usage = usage == null ? Usage.NONE : usage;
    }

    public ChatResult(String text, List<ToolCall> toolCalls, Usage usage, String finishReason) {
        this(text, toolCalls, usage, finishReason, 0);
    }
}
