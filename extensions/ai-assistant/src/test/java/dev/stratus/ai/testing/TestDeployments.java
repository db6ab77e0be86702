package dev.stratus.ai.testing;

import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import java.time.Duration;

/** Deployments pointing at a {@link ScriptedUpstream}, with a timeout short enough for tests yet patient with a busy machine. */
public final class TestDeployments {
    /** The timeout of the deployments made here. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private TestDeployments() {
    }

    /** An OpenAI-compatible deployment {@code openai-small} of model {@code scripted-model}, no key. */
    public static Deployment openAi(ScriptedUpstream upstream) {
        return new Deployment("openai-small", Tier.SMALL, ProviderKind.OPENAI, upstream.openAiBaseUrl(), "scripted-model",
                null, null, null, null, TIMEOUT);
    }

    /** An Anthropic deployment {@code anthropic-large} of model {@code scripted-claude}, no key. */
    public static Deployment anthropic(ScriptedUpstream upstream) {
        return new Deployment("anthropic-large", Tier.LARGE, ProviderKind.ANTHROPIC, upstream.anthropicBaseUrl(),
                "scripted-claude", null, null, null, null, TIMEOUT);
    }

    public static Deployment withKey(Deployment d, String key) {
        return new Deployment(d.name(), d.tier(), d.provider(), d.baseUrl(), d.model(), key, d.contextTokens(),
                d.maxOutputTokens(), d.tools(), d.timeout());
    }

    public static Deployment withTimeout(Deployment d, Duration timeout) {
        return new Deployment(d.name(), d.tier(), d.provider(), d.baseUrl(), d.model(), d.apiKey(), d.contextTokens(),
                d.maxOutputTokens(), d.tools(), timeout);
    }

    public static Deployment withModel(Deployment d, String model) {
        return new Deployment(d.name(), d.tier(), d.provider(), d.baseUrl(), model, d.apiKey(), d.contextTokens(),
                d.maxOutputTokens(), d.tools(), d.timeout());
    }

    public static Deployment configured(Deployment d, Integer contextTokens, Integer maxOutputTokens, Boolean tools) {
        return new Deployment(d.name(), d.tier(), d.provider(), d.baseUrl(), d.model(), d.apiKey(), contextTokens,
                maxOutputTokens, tools, d.timeout());
    }
}
