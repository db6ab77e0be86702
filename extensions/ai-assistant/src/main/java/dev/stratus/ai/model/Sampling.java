package dev.stratus.ai.model;

import java.util.ArrayList;
import java.util.List;

/**
 * How an answer is to be made, as an OpenAI-compatible client asked the gateway; null (or empty)
 * parts are left to the provider. Each is sent to the provider under its own API's name; the
 * options an API has no counterpart for ({@link #unsupportedBy}) rule its deployments out rather
 * than being dropped.
 *
 * @param temperature sampling temperature, 0-2 (Anthropic: 0-1)
 * @param topP nucleus sampling mass, 0-1
 * @param stop sequences that end the answer (at most 64), never null (Anthropic: none of only whitespace)
 * @param seed a seed for best-effort repeatable sampling (OpenAI-compatible servers only)
 * @param presencePenalty -2 to 2 (OpenAI-compatible servers only)
 * @param frequencyPenalty -2 to 2 (OpenAI-compatible servers only)
 * @param toolChoice whether and which tool must be called, when tools are offered
 * @param parallelToolCalls false to allow at most one tool call per answer
 * @param responseFormat OpenAI's {@code response_format} object as JSON text (JSON mode, a JSON
 *     schema; OpenAI-compatible servers only)
 * @param reasoningEffort how hard a reasoning model is to think ({@code none}, {@code minimal},
 *     {@code low}, {@code medium}, {@code high}, {@code xhigh}), as OpenAI's
 *     {@code reasoning_effort}; OpenAI-compatible servers only, whose model may not take it
 */
public record Sampling(Double temperature, Double topP, List<String> stop, Long seed, Double presencePenalty,
                       Double frequencyPenalty, ToolChoice toolChoice, Boolean parallelToolCalls, String responseFormat,
                       String reasoningEffort) {
    /** Everything left to the provider. */
    public static final Sampling DEFAULT = new Sampling(null, null, List.of(), null, null, null, null, null, null, null);

    public Sampling {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** Options without a reasoning effort. */
    public Sampling(Double temperature, Double topP, List<String> stop, Long seed, Double presencePenalty, Double frequencyPenalty,
                    ToolChoice toolChoice, Boolean parallelToolCalls, String responseFormat) {
        this(temperature, topP, stop, seed, presencePenalty, frequencyPenalty, toolChoice, parallelToolCalls, responseFormat, null);
    }

    /** The options (by their OpenAI names) that {@code provider}'s API cannot honour; empty when it takes them all. */
    public List<String> unsupportedBy(ProviderKind provider) {
        List<String> missing = new ArrayList<>();
        if (provider == ProviderKind.ANTHROPIC) {
            if (temperature != null && temperature > 1) {
                missing.add("temperature above 1");
            }
            if (stop.stream().anyMatch(String::isBlank)) {
                missing.add("stop with a stop sequence of only whitespace");
            }
            if (seed != null) {
                missing.add("seed");
            }
            if (presencePenalty != null) {
                missing.add("presence_penalty");
            }
            if (frequencyPenalty != null) {
                missing.add("frequency_penalty");
            }
            if (responseFormat != null) {
                missing.add("response_format");
            }
            if (reasoningEffort != null) {
                missing.add("reasoning_effort"); // its extended thinking is set by a token budget, not an effort
            }
        }
        return missing;
    }
}
