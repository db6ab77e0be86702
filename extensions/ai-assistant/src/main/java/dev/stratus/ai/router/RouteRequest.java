package dev.stratus.ai.router;

import dev.stratus.ai.model.Sampling;
import java.util.function.LongSupplier;

/**
 * What the router needs to know about one request. Build with {@link #forTask} or {@link #forChat}
 * and the {@code with…} methods.
 *
 * @param task the IDE action
 * @param features the prompt's features: required for {@link Task#CHAT} unless configuration pins chat
 *     to a tier, otherwise optional (used only for their reasons)
 * @param inputTokens estimated prompt plus context tokens, ≥ 0
 * @param expectedOutputTokens the answer's expected size in tokens, ≥ 0
 * @param needsTools whether the request offers the model tools
 * @param remainingBudget the user's tokens left, read once per decision; null when no budget applies
 * @param cooldowns deployments cooling down; {@link Cooldowns#NONE} when null
 * @param escalation this request's escalation state, or null before any answer was checked
 * @param sampling the answer's sampling options: deployments whose API lacks one are skipped
 * @param completion a text completion (prompt and suffix): deployments that do not serve one are skipped
 */
public record RouteRequest(Task task, PromptFeatures features, int inputTokens, int expectedOutputTokens, boolean needsTools,
                           LongSupplier remainingBudget, Cooldowns cooldowns, Escalation escalation, Sampling sampling,
                           boolean completion) {

    public RouteRequest {
        if (task == null) {
            throw new IllegalArgumentException("a route request needs a task");
        }
        if (inputTokens < 0 || expectedOutputTokens < 0) {
            throw new IllegalArgumentException("token estimates are ≥ 0: " + inputTokens + ", " + expectedOutputTokens);
        }
        cooldowns = cooldowns == null ? Cooldowns.NONE : cooldowns;
        sampling = sampling == null ? Sampling.DEFAULT : sampling;
    }

    /** A chat request. */
    public RouteRequest(Task task, PromptFeatures features, int inputTokens, int expectedOutputTokens, boolean needsTools,
                        LongSupplier remainingBudget, Cooldowns cooldowns, Escalation escalation, Sampling sampling) {
        this(task, features, inputTokens, expectedOutputTokens, needsTools, remainingBudget, cooldowns, escalation, sampling, false);
    }

    /** An IDE action with a fixed tier. */
    public static RouteRequest forTask(Task task, int inputTokens, int expectedOutputTokens) {
        return new RouteRequest(task, null, inputTokens, expectedOutputTokens, false, null, null, null, null);
    }

    /** Free-form chat; input tokens are the features' prompt plus context. */
    public static RouteRequest forChat(PromptFeatures features, int expectedOutputTokens) {
        return new RouteRequest(Task.CHAT, features, features.inputTokens(), expectedOutputTokens, false, null, null, null, null);
    }

    /** The same request, judged to send {@code tokens} of input (all of the call: the whole conversation, tools). */
    public RouteRequest withInputTokens(int tokens) {
        return new RouteRequest(task, features, tokens, expectedOutputTokens, needsTools, remainingBudget, cooldowns, escalation,
                sampling, completion);
    }

    public RouteRequest withSampling(Sampling options) {
        return new RouteRequest(task, features, inputTokens, expectedOutputTokens, needsTools, remainingBudget, cooldowns, escalation,
                options, completion);
    }

    public RouteRequest withTools(boolean needed) {
        return new RouteRequest(task, features, inputTokens, expectedOutputTokens, needed, remainingBudget, cooldowns, escalation,
                sampling, completion);
    }

    public RouteRequest withBudget(LongSupplier remaining) {
        return new RouteRequest(task, features, inputTokens, expectedOutputTokens, needsTools, remaining, cooldowns, escalation,
                sampling, completion);
    }

    public RouteRequest withCooldowns(Cooldowns view) {
        return new RouteRequest(task, features, inputTokens, expectedOutputTokens, needsTools, remainingBudget, view, escalation,
                sampling, completion);
    }

    public RouteRequest withEscalation(Escalation state) {
        return new RouteRequest(task, features, inputTokens, expectedOutputTokens, needsTools, remainingBudget, cooldowns, state,
                sampling, completion);
    }

    public RouteRequest withCompletion(boolean text) {
        return new RouteRequest(task, features, inputTokens, expectedOutputTokens, needsTools, remainingBudget, cooldowns, escalation,
                sampling, text);
    }

    /** Tokens the request is expected to consume: input plus expected output. */
    public long estimatedTokens() {
        return (long) inputTokens + expectedOutputTokens;
    }
}
