package dev.stratus.ai.engine;

import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.Usage;
import java.util.List;

/**
 * A finished run.
 *
 * @param text the final answer's text
 * @param toolCalls tool calls left for the caller (when the sink did not run them)
 * @param usage tokens over every step
 * @param tier the tier that answered
 * @param deployment the deployment that answered
 * @param model its model
 * @param reasons why this route
 * @param fallbacks deployments that failed on the way, with why
 * @param finishReason the provider's
 */
public record RunResult(String text, List<ToolCall> toolCalls, Usage usage, Tier tier, String deployment, String model,
                        List<String> reasons, List<Fallback> fallbacks, String finishReason) {

    /** A deployment tried and left. */
    public record Fallback(String deployment, String reason) {
    }
}
