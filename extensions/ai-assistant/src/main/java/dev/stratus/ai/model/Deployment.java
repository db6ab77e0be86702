package dev.stratus.ai.model;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

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
 * @param apiKeyHeader the request header an OpenAI-compatible server takes the key in, as is
 *     ({@code api-key} for Azure OpenAI); null for {@code Authorization: Bearer <key>}
 * @param completions false when it is configured not to serve text completions ({@code POST /completions},
 *     prompt and suffix); null or true otherwise ({@link #servesCompletions()})
 * @param fim how a text completion's suffix is sent ({@code fim:}); null when not configured: as {@code suffix}, and
 *     in the template {@link FimTemplate#forModel told from the model's name} once the server turns {@code suffix} down
 * @param apiKeyFile the file {@code apiKey} was read from ({@code apiKeyFile}), read again when the key is refused;
 *     null when the key comes from the environment or there is none
 */
public record Deployment(String name, Tier tier, ProviderKind provider, URI baseUrl, String model, String apiKey,
                         Integer contextTokens, Integer maxOutputTokens, Boolean tools, Duration timeout,
                         String apiKeyHeader, Boolean completions, FimTemplate fim, Path apiKeyFile) {

    /** A deployment whose key, if any, is not read from a file. */
    public Deployment(String name, Tier tier, ProviderKind provider, URI baseUrl, String model, String apiKey,
                      Integer contextTokens, Integer maxOutputTokens, Boolean tools, Duration timeout, String apiKeyHeader,
                      Boolean completions, FimTemplate fim) {
        this(name, tier, provider, baseUrl, model, apiKey, contextTokens, maxOutputTokens, tools, timeout, apiKeyHeader,
                completions, fim, null);
    }

    /** A deployment whose fill-in-the-middle template is not configured. */
    public Deployment(String name, Tier tier, ProviderKind provider, URI baseUrl, String model, String apiKey,
                      Integer contextTokens, Integer maxOutputTokens, Boolean tools, Duration timeout, String apiKeyHeader,
                      Boolean completions) {
        this(name, tier, provider, baseUrl, model, apiKey, contextTokens, maxOutputTokens, tools, timeout, apiKeyHeader,
                completions, null);
    }

    /** A deployment that serves text completions if its API has them. */
    public Deployment(String name, Tier tier, ProviderKind provider, URI baseUrl, String model, String apiKey,
                      Integer contextTokens, Integer maxOutputTokens, Boolean tools, Duration timeout, String apiKeyHeader) {
        this(name, tier, provider, baseUrl, model, apiKey, contextTokens, maxOutputTokens, tools, timeout, apiKeyHeader, null);
    }

    /** A deployment whose key, if any, goes in {@code Authorization: Bearer <key>}. */
    public Deployment(String name, Tier tier, ProviderKind provider, URI baseUrl, String model, String apiKey,
                      Integer contextTokens, Integer maxOutputTokens, Boolean tools, Duration timeout) {
        this(name, tier, provider, baseUrl, model, apiKey, contextTokens, maxOutputTokens, tools, timeout, null);
    }

    /**
     * Whether a text completion ({@code POST /completions} with a prompt and a suffix) may be sent to it: an
     * OpenAI-compatible server not configured otherwise. Anthropic's API has no such endpoint.
     */
    public boolean servesCompletions() {
        return provider == ProviderKind.OPENAI && !Boolean.FALSE.equals(completions);
    }

    /** Why it does not serve text completions, for people; null when it does. */
    public String noCompletions() {
        return servesCompletions() ? null : provider != ProviderKind.OPENAI ? "the " + provider.id() + " API has no completions endpoint"
                : "configured with completions: false";
    }

    /** Never prints the key, nor the base URL's query (which may carry one). */
    @Override
    public String toString() {
        String url = baseUrl.getRawQuery() == null ? baseUrl.toString() : baseUrl.toString().replace("?" + baseUrl.getRawQuery(), "?...");
        return "Deployment[" + name + ", " + tier.id() + ", " + provider.id() + ", " + url + ", " + model + "]";
    }

    /**
     * Where its server is, for people: {@code host:port} of {@link #baseUrl} (the scheme's port
     * when it names none), never its path, query or a user in it.
     */
    public String address() {
        int port = baseUrl.getPort() >= 0 ? baseUrl.getPort() : "https".equalsIgnoreCase(baseUrl.getScheme()) ? 443 : 80;
        return baseUrl.getHost() + ":" + port;
    }

    /** The shortest piece of a key that is blanked when a text repeats only part of it. */
    static final int KEY_PIECE = 8;
    /** Words long enough to be a piece of a key: letters, digits and the marks keys use. */
    private static final Pattern KEYLIKE = Pattern.compile("[A-Za-z0-9_\\-.+/=:]{" + KEY_PIECE + ",}");

    /**
     * {@code text} with this deployment's key blanked ({@code ***}): the whole key, and any word
     * of {@link #KEY_PIECE} or more characters that is part of it (a server or a library that
     * echoes a key's start) or holds it. For every message that may quote a request: errors,
     * logs, the browser.
     */
    public String withoutKey(String text) {
        if (text == null || apiKey == null || apiKey.isEmpty()) {
            return text;
        }
        String blanked = text.replace(apiKey, "***");
        return KEYLIKE.matcher(blanked).replaceAll(m -> m.group().contains("***") || !apiKey.contains(m.group())
                ? java.util.regex.Matcher.quoteReplacement(m.group()) : "***");
    }

    /** This deployment with {@code key} in place of its key (read again from its {@link #apiKeyFile}). */
    public Deployment withApiKey(String key) {
        return new Deployment(name, tier, provider, baseUrl, model, key, contextTokens, maxOutputTokens, tools, timeout, apiKeyHeader,
                completions, fim, apiKeyFile);
    }

    /** This deployment with its context at most {@code served} tokens (what it was found to hold). */
    public Deployment servingAtMost(int served) {
        return contextTokens != null && contextTokens <= served ? this
                : new Deployment(name, tier, provider, baseUrl, model, apiKey, served, maxOutputTokens, tools, timeout, apiKeyHeader,
                        completions, fim, apiKeyFile);
    }

    /**
     * The largest answer bound to send it for a prompt of about {@code promptTokens}: its
     * {@code maxOutputTokens}, and no more than its context leaves after the prompt, as far as
     * they are known (at least 1). An Anthropic deployment of unknown limit takes
     * {@value #ANTHROPIC_OUTPUT}: its API wants a bound, and older models refuse more.
     * {@link Integer#MAX_VALUE} when nothing bounds it.
     */
    public int outputRoom(long promptTokens) {
        long room = maxOutputTokens != null ? maxOutputTokens : provider == ProviderKind.ANTHROPIC ? ANTHROPIC_OUTPUT : Integer.MAX_VALUE;
        if (contextTokens != null) {
            room = Math.min(room, contextTokens - promptTokens);
        }
        return (int) Math.max(1, room);
    }

    /** The answer bound of an Anthropic deployment whose {@code maxOutputTokens} is not known. */
    public static final int ANTHROPIC_OUTPUT = 4096;

    /** This deployment with what a probe found (configured values win). */
    public Deployment withProbed(Integer context, Integer maxOutput, Boolean supportsTools) {
        return new Deployment(name, tier, provider, baseUrl, model, apiKey, contextTokens != null ? contextTokens : context,
                maxOutputTokens != null ? maxOutputTokens : maxOutput, tools != null ? tools : supportsTools, timeout, apiKeyHeader,
                completions, fim, apiKeyFile);
    }
}
