package dev.stratus.ai.engine;

import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.Usage;

/** Where a run's progress goes as it happens (the chat panel, the gateway's stream). */
public interface RunSink {
    /** More answer text. */
    void text(String delta);

    /**
     * Whether {@link #text} may be called now on the thread that reads the model's answer, which
     * serves every answer and so must never block (say, the sink's client keeps up). False by
     * default: text then comes on the thread that called {@link AiEngine#run}.
     */
    default boolean takesTextDirectly() {
        return false;
    }

    /**
     * More of the model's thinking, which is not part of its answer (a leading think block, or the
     * thinking a server's reasoning parser sends beside the answer), in order with {@link #text} and
     * on the same thread. Ignored by default (the gateway passes no thinking on).
     */
    default void thinking(String delta) {
    }

    /**
     * A notice for the user: {@code fallback}, {@code restart} (with discarded characters), {@code waiting},
     * {@code escalation}, {@code length} (the answer's bound cut it), {@code steps} (the run's step limit),
     * {@code thinking} (the model thought in its text before answering, or ended while still thinking; with
     * discarded characters when text already passed to {@link #text} was that thinking).
     */
    void notice(String kind, String message, Integer discardedChars);

    /**
     * The model called tools: run them and return their results in order (the engine sends them
     * back and continues), or null to stop and return the calls (the gateway hands them to its client).
     */
    default java.util.List<String> toolCalls(java.util.List<ToolCall> calls) {
        return null;
    }

    /**
     * The model's final answer is complete (no tool calls left to run): a caller streaming it may
     * end its response now. The budget settlement and the audit record follow, and
     * {@link AiEngine#run} returns after them.
     *
     * @param result the last step's answer
     * @param usage tokens used by every step of the run
     * @param tier the tier of the deployment that gave it
     * @param deployment the deployment that gave it
     * @param fallbacks the deployments left on the way, with why (as {@link RunResult#fallbacks()})
     */
    default void finished(ChatResult result, Usage usage, Tier tier, String deployment, java.util.List<RunResult.Fallback> fallbacks) {
    }

    /**
     * Whether the one this run answers has gone away (the gateway's HTTP client hung up). A run
     * stopped by interrupting its thread is then recorded as aborted, as one whose client left
     * mid-answer, not as cancelled by its user. False by default.
     */
    default boolean clientGone() {
        return false;
    }

    RunSink NONE = new RunSink() {
        @Override
        public void text(String delta) {
        }

        @Override
        public void notice(String kind, String message, Integer discardedChars) {
        }
    };
}
