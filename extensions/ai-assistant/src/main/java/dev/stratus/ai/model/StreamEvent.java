package dev.stratus.ai.model;

/** What a streaming answer delivers, in order; {@link Finished} comes last, once. */
public sealed interface StreamEvent {
    /** More answer text. */
    record TextDelta(String text) implements StreamEvent {
    }

    /** A piece of a tool call: id and name with the first piece, argument text in pieces. */
    record ToolCallDelta(int index, String id, String name, String argumentsFragment) implements StreamEvent {
    }

    /** Token usage (providers send it at or near the end). */
    record UsageReport(Usage usage) implements StreamEvent {
    }

    /** The answer is complete: {@code stop}, {@code length}, {@code tool_calls}, ... */
    record Finished(String reason) implements StreamEvent {
    }
}
