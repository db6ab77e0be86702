package dev.stratus.ai.model;

import java.net.URI;
import java.time.Duration;

/**
 * One configured model endpoint.
 *
 * @param name unique name
 * @param tier its size class
 * @param provider its wire format
 * @param baseUrl for OpenAI-compatible servers the {@code /v1} base ({@code http://127.0.0.1:11434/v1});
 *     for Anthropic {@code https://api.anthropic.com} or a compatible proxy
 * @param model the model name sent upstream
 * @param apiKey the key (resolved from {@code apiKeyEnv} or {@code apiKeyFile}; never logged), or null
 * @param contextTokens the context window actually served, null until probed or configured
 * @param maxOutputTokens the largest answer it gives, null until probed or configured
 * @param tools whether it supports tool calls, null until probed or configured
 * @param timeout bound on the wait for the first byte and between bytes of a stream
 */
public record Deployment(String name, Tier tier, ProviderKind provider, URI baseUrl, String model, String apiKey,
                         Integer contextTokens, Integer maxOutputTokens, Boolean tools, Duration timeout) {

    /** Never prints the key. */
    @Override
    public String toString() {
        return "Deployment[" + name + ", " + tier.id() + ", " + provider.id() + ", " + baseUrl + ", " + model + "]";
    }

    /** This deployment with what a probe found (configured values win). */
    public Deployment withProbed(Integer context, Integer maxOutput, Boolean supportsTools) {
        return new Deployment(name, tier, provider, baseUrl, model, apiKey, contextTokens != null ? contextTokens : context,
                maxOutputTokens != null ? maxOutputTokens : maxOutput, tools != null ? tools : supportsTools, timeout);
    }
}
