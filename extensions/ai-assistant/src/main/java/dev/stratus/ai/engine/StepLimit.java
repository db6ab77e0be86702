package dev.stratus.ai.engine;

import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolChoice;
import java.util.List;

/**
 * The last step a run may take. Its tool calls' results would reach no model, so that step asks
 * for an answer without them ({@code tool_choice: none}, the tools still described, as the
 * conversation's earlier calls need), and calls a model makes there all the same are not run:
 * nothing runs, nor waits for the user's approval, for nothing. The user hears of both in a
 * {@code steps} notice.
 */
final class StepLimit {
    private StepLimit() {
    }

    /** {@code sampling} with tool calls turned off. */
    static Sampling withoutToolCalls(Sampling s) {
        return new Sampling(s.temperature(), s.topP(), s.stop(), s.seed(), s.presencePenalty(), s.frequencyPenalty(),
                ToolChoice.NONE, s.parallelToolCalls(), s.responseFormat(), s.reasoningEffort());
    }

    /** The notice before the last step of {@code max}. */
    static String lastStep(int max) {
        return "This is the last of the " + max + " steps an answer may take: the model is asked to answer with what it"
                + " has found so far, without calling more tools.";
    }

    /** The notice for the calls a model made in the last step, which were not run. */
    static String notRun(List<ToolCall> calls, int max) {
        List<String> names = calls.stream().map(ToolCall::name).distinct().toList();
        return "The model asked for " + (calls.size() == 1 ? "a tool call" : calls.size() + " tool calls") + " ("
                + String.join(", ", names) + ") past the limit of " + max + " steps; "
                + (calls.size() == 1 ? "it was" : "they were") + " not run.";
    }
}
