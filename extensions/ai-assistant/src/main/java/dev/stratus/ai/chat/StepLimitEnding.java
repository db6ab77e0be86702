package dev.stratus.ai.chat;

import dev.stratus.ai.model.ToolCall;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The line an answer ends with when the step limit ended it before the model answered: the
 * server's words, not the model's, saying there is no final answer and what was done.
 */
final class StepLimitEnding {
    private StepLimitEnding() {
    }

    /**
     * @param max the step limit
     * @param called the calls made before the last step, by tool, in the order first made
     * @param notRun the calls the model made in the last step, which were not run
     */
    static String line(int max, Map<String, Integer> called, List<ToolCall> notRun) {
        int total = called.values().stream().mapToInt(Integer::intValue).sum();
        String done = total == 0 ? "No tool call was run"
                : "It had made " + (total == 1 ? "one tool call" : total + " tool calls") + " (" + called.entrySet().stream()
                        .map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", ")) + ")";
        String last = notRun.stream().map(ToolCall::name).distinct().collect(Collectors.joining(", "));
        return "*The assistant stopped at the limit of " + max + " steps without a final answer. " + done
                + "; the calls it asked for last (" + last + ") were not run. Ask again to go on from here.*";
    }
}
