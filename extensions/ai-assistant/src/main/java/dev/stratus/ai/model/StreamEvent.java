package dev.stratus.ai.model;

/** What a streaming answer delivers, in order; {@link Finished} comes last, once. */
public sealed interface StreamEvent {
    /** More answer text. */
    record TextDelta(String text) implements StreamEvent {
    }

    /**
     * Thinking the model wrote in its answer's text (a leading {@code <think>} block) or a server's
     * reasoning parser sent beside it, which is not part of the answer: not shown as it, nor sent
     * to a model again, but its tokens are spent all the same.
     */
    record ThinkingDelta(String text) implements StreamEvent {
    }

    /**
     * The model's think block ended: {@code chars} characters of thinking. When the chat
     * template opened the block, only its end is in the text, and the last {@code takenBack}
     * characters of {@link TextDelta} text already passed on were thinking, not answer: they are
     * taken back: they are the block's start, and the {@link ThinkingDelta}s before this event its
     * rest. {@code closed} is false when the answer ended inside the block (it holds no answer then).
     */
    record Thought(int chars, int takenBack, boolean closed) implements StreamEvent {
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
