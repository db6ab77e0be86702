package dev.stratus.ai.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.JsonMappers;
import dev.stratus.ai.governance.GovernanceConfig;
import dev.stratus.ai.governance.GovernanceConfigException;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.FimTemplate;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.RouterConfigException;
import dev.stratus.ai.router.TierTable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The assistant's configuration: the {@code ai:} section of {@code stratus.yaml}, as the host
 * hands it over (JSON). Every field but the deployments' identity is optional:
 * <pre>
 * ai:
 *   deployments:
 *     - name: local-small          # unique
 *       tier: small                # small | medium | large
 *       provider: openai           # openai (any OpenAI-compatible server) | anthropic
 *       baseUrl: http://127.0.0.1:11434/v1   # a query (?api-version=) is kept after each endpoint
 *       model: qwen2.5-coder:1.5b
 *       apiKeyEnv: SMALL_KEY       # the environment variable holding the key, or (not both)
 *       apiKeyFile: /run/secrets/k # a file holding it (trimmed); read again when the key is refused
 *       apiKeyHeader: api-key      # openai only: the header taking the key as is (Azure OpenAI);
 *                                  #   default Authorization: Bearer
 *       contextTokens: 32768       # skip probing: the context window served
 *       maxOutputTokens: 4096
 *       tools: true                # skip probing: tool calls supported
 *       completions: false         # openai only: do not send it text completions (/v1/completions); default true
 *       fim: qwen                  # openai only: how a completion's suffix is sent (FimTemplate); default
 *                                  #   suffix, then the model name's template if the server refuses suffix
 *       timeoutSeconds: 60         # first byte and between bytes (default 60)
 *   routing:
 *     tasks: {explain: small}      # overrides of the task -> tier table
 *   governance:                # budgets, rate limits, redaction, audit (GovernanceConfig)
 *     budgets: {period: daily, userTokens: 200000, teams: {core: [alice, bob]}, teamTokens: {core: 1000000}}
 *     rateLimit: {requestsPerMinute: 30, completionsPerMinute: 120}
 *     redaction: {extraPatterns: [{kind: acme-token, regex: 'acme_[a-z0-9]{32}'}]}
 *     audit: {auditPrompts: false}
 *   gateway:
 *     enabled: true                # the OpenAI-compatible /v1 routes
 *   detectLocalServers: true       # while no model is configured, list the model servers on this
 *                                  #   machine's loopback address (LocalServers) in ai/status
 *   resumeSeconds: 30              # how long a chat answer goes on after its page's connection
 *                                  #   closes, for the page (reconnected or reloaded) to take it up
 *                                  #   again with ai/resume; 0: it stops with the page
 * </pre>
 * Keys are read from the environment or files, never from this file, and never printed. A
 * setting the section does not know, or a value of the wrong type or out of range, is an
 * {@link AiConfigException} naming where it is.
 */
public record AiConfig(List<Deployment> deployments, Map<String, String> taskTiers, GovernanceConfig governance,
                       boolean gatewayEnabled, boolean detectLocalServers, int resumeSeconds) {
    /** How long a chat answer waits for its page to come back by default. */
    public static final int RESUME_SECONDS = 30;

    private static final ObjectMapper JSON = JsonMappers.newMapper();
    private static final Set<String> TOP_LEVEL = Set.of("deployments", "routing", "governance", "gateway",
            "detectLocalServers", "resumeSeconds");
    private static final String NAME = "[A-Za-z0-9._-]{1,64}";
    private static final String ENV_NAME = "[A-Z_][A-Z0-9_]{0,127}";
    private static final Set<String> TIERS = Set.of("small", "medium", "large");
    static final List<String> DEPLOYMENT_KEYS = List.of("name", "tier", "provider", "baseUrl", "model", "apiKeyEnv",
            "apiKeyFile", "apiKeyHeader", "contextTokens", "maxOutputTokens", "tools", "completions", "fim", "timeoutSeconds");
    /** An HTTP header name (RFC 9110's token), of a sensible length. */
    private static final String HEADER_NAME = "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}";
    /**
     * Headers the HTTP client or the request sets itself (framing, the connection, the body's
     * type, what is accepted), or that would hand the key to a proxy or a cookie jar.
     */
    private static final Set<String> OWNED_HEADERS = Set.of("host", "content-length", "content-type", "content-encoding",
            "transfer-encoding", "connection", "keep-alive", "upgrade", "expect", "te", "trailer", "accept",
            "accept-encoding", "cookie", "set-cookie", "via", "forwarded", "date");

    /** Looking for model servers on this machine while none is configured, as by default. */
    public AiConfig(List<Deployment> deployments, Map<String, String> taskTiers, GovernanceConfig governance,
                    boolean gatewayEnabled) {
        this(deployments, taskTiers, governance, gatewayEnabled, true, RESUME_SECONDS);
    }

    /** Nothing configured: a normal state (the assistant explains how to configure a model). */
    public static AiConfig empty() {
        return new AiConfig(List.of(), Map.of(), GovernanceConfig.defaults(), true, true, RESUME_SECONDS);
    }

    /**
     * A configuration that could not be read: nothing configured, and the gateway, which it may
     * have turned off, off (failing closed) until it is fixed.
     */
    public static AiConfig unreadable() {
        return new AiConfig(List.of(), Map.of(), GovernanceConfig.defaults(), false, false, RESUME_SECONDS);
    }

    public boolean configured() {
        return !deployments.isEmpty();
    }

    /** Parses the section; {@code env} resolves {@code apiKeyEnv} names (System::getenv in production). */
    public static AiConfig parse(String json, Function<String, String> env) throws AiConfigException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new AiConfigException("ai: is not valid: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isNull()) {
            return empty();
        }
        if (!root.isObject()) {
            throw new AiConfigException("ai: must be a mapping");
        }
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP_LEVEL.contains(f)) {
                throw new AiConfigException("ai." + f + " is not a known setting; known: " + TOP_LEVEL);
            }
        }
        List<Deployment> deployments = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode list = root.path("deployments");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new AiConfigException("ai.deployments must be a list");
        }
        int i = 0;
        for (JsonNode d : list) {
            String where = "ai.deployments[" + i++ + "]";
            Deployment dep = deployment(d, where, env);
            if (!names.add(dep.name())) {
                throw new AiConfigException(where + ": the name " + dep.name() + " is used twice");
            }
            deployments.add(dep);
        }
        Map<String, String> tasks = routing(root.get("routing"));
        GovernanceConfig governance;
        try {
            governance = GovernanceConfig.from(root.get("governance"));
        } catch (GovernanceConfigException e) {
            throw new AiConfigException("ai.governance: " + e.getMessage());
        }
        JsonNode gateway = root.get("gateway");
        onlyKnownKeys(gateway, "ai.gateway", List.of("enabled"));
        Boolean gatewayEnabled = gateway == null ? null : bool(gateway, "enabled", "ai.gateway");
        Boolean detect = bool(root, "detectLocalServers", "ai");
        Integer resume = whole(root, "resumeSeconds", "ai", 0, 600);
        return new AiConfig(List.copyOf(deployments), Map.copyOf(tasks), governance, gatewayEnabled == null || gatewayEnabled,
                detect == null || detect, resume == null ? RESUME_SECONDS : resume);
    }

    /**
     * The task to tier overrides, checked here so that a mistake is reported like any other
     * configuration mistake rather than stopping the assistant when its router is built.
     */
    private static Map<String, String> routing(JsonNode routing) throws AiConfigException {
        onlyKnownKeys(routing, "ai.routing", List.of("tasks"));
        JsonNode list = routing == null ? null : routing.get("tasks");
        if (list == null || list.isNull()) {
            return Map.of();
        }
        if (!list.isObject()) {
            throw new AiConfigException("ai.routing.tasks must be a mapping of task to tier");
        }
        Map<String, String> tasks = new LinkedHashMap<>();
        for (var it = list.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual() || !TIERS.contains(e.getValue().asText().strip().toLowerCase(Locale.ROOT))) {
                throw new AiConfigException("ai.routing.tasks." + e.getKey() + " must be a tier: small, medium or large");
            }
            tasks.put(e.getKey(), e.getValue().asText());
        }
        try {
            TierTable.withOverrides(tasks);
        } catch (RouterConfigException e) {
            throw new AiConfigException("ai.routing.tasks: " + e.getMessage());
        }
        return tasks;
    }

    private static Deployment deployment(JsonNode d, String where, Function<String, String> env) throws AiConfigException {
        if (!d.isObject()) {
            throw new AiConfigException(where + " must be a mapping");
        }
        // In a list of several, the name finds the deployment more easily than its index.
        JsonNode named = d.get("name");
        if (named != null && named.isTextual() && named.asText().matches(NAME)) {
            where += " (" + named.asText() + ")";
        }
        onlyKnownKeys(d, where, DEPLOYMENT_KEYS);
        String name = required(d, "name", where);
        if (!name.matches(NAME)) {
            throw new AiConfigException(where + ": name is 1-64 letters, digits, '.', '_' or '-'");
        }
        Tier tier;
        ProviderKind provider;
        try {
            tier = Tier.of(required(d, "tier", where));
        } catch (IllegalArgumentException e) {
            throw new AiConfigException(where + ": tier must be small, medium or large");
        }
        try {
            provider = ProviderKind.of(required(d, "provider", where));
        } catch (IllegalArgumentException e) {
            throw new AiConfigException(where + ": provider must be openai or anthropic");
        }
        URI base;
        try {
            base = URI.create(required(d, "baseUrl", where).replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new AiConfigException(where + ": baseUrl is not a URL");
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new AiConfigException(where + ": baseUrl must be an http(s) URL with a host");
        }
        // A query is kept at the end of every endpoint (Azure's ?api-version=); a fragment would never be sent.
        if (base.getRawFragment() != null) {
            throw new AiConfigException(where + ": baseUrl must not have a #fragment");
        }
        if (base.getRawUserInfo() != null) {
            throw new AiConfigException(where + ": baseUrl must not hold a user or password; a key goes in apiKeyEnv or apiKeyFile");
        }
        String model = required(d, "model", where);
        String key = null;
        Path keyFile = null;
        if (d.hasNonNull("apiKeyEnv") && d.hasNonNull("apiKeyFile")) {
            // Which one was meant cannot be told; using one would leave the other's key unused without a word.
            throw new AiConfigException(where + ": the key comes from apiKeyEnv or from apiKeyFile, not both");
        }
        if (d.hasNonNull("apiKeyEnv")) {
            String var = required(d, "apiKeyEnv", where);
            key = env.apply(var);
            if (key == null || key.isBlank()) {
                // A key pasted here in place of a variable's name is not repeated: only a name that looks like one is.
                throw new AiConfigException(where + ": the environment variable "
                        + (var.matches(ENV_NAME) ? var + " " : "") + "named in apiKeyEnv is not set");
            }
            key = oneWord(key.strip(), where, "the environment variable " + var + " (apiKeyEnv)");
        } else if (d.hasNonNull("apiKeyFile")) {
            Path file;
            try {
                file = Path.of(required(d, "apiKeyFile", where));
            } catch (java.nio.file.InvalidPathException e) {
                throw new AiConfigException(where + ": apiKeyFile must be a file's path");
            }
            KeyFile read = KeyFile.read(file);
            if (read.key() == null) {
                throw new AiConfigException(where + ": " + read.problem());
            }
            key = read.key();
            keyFile = file;
        }
        String keyHeader = keyHeader(d, where, provider, key);
        Integer context = whole(d, "contextTokens", where, 1, Integer.MAX_VALUE);
        Integer maxOut = whole(d, "maxOutputTokens", where, 1, Integer.MAX_VALUE);
        Boolean tools = bool(d, "tools", where);
        Boolean completions = bool(d, "completions", where);
        if (Boolean.TRUE.equals(completions) && provider != ProviderKind.OPENAI) {
            throw new AiConfigException(where + ": completions is for provider openai only (the " + provider.id()
                    + " API has no completions endpoint)");
        }
        FimTemplate fim = FimSetting.read(d, where, provider);
        Integer timeout = whole(d, "timeoutSeconds", where, 1, 600);
        if (timeout == null) {
            timeout = 60;
        }
        return new Deployment(name, tier, provider, base, model, key, context, maxOut, tools, Duration.ofSeconds(timeout),
                keyHeader, completions, fim, keyFile);
    }

    /**
     * The header the key goes in ({@code apiKeyHeader}), null for {@code Authorization: Bearer}.
     * A name that is not a header name (spaces, control characters, a line break) is refused
     * without quoting it: a key may have been pasted there. So is a header the server sets
     * itself or that is not for a key (Host, Content-Length, Cookie, Proxy-...).
     */
    private static String keyHeader(JsonNode d, String where, ProviderKind provider, String key) throws AiConfigException {
        JsonNode v = d.get("apiKeyHeader");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || !v.asText().matches(HEADER_NAME)) {
            throw new AiConfigException(where + ": apiKeyHeader must be an HTTP header name (1-64 letters, digits or "
                    + "!#$%&'*+-.^_`|~, no spaces or line breaks), not " + (v.isTextual() ? "that text" : kind(v)));
        }
        String header = v.asText();
        String lower = header.toLowerCase(Locale.ROOT);
        if (OWNED_HEADERS.contains(lower) || lower.startsWith("proxy-")) {
            throw new AiConfigException(where + ": apiKeyHeader cannot be " + header
                    + ": that header is the server's own, not one for a key");
        }
        if (provider != ProviderKind.OPENAI) {
            throw new AiConfigException(where + ": apiKeyHeader is for provider openai only (Anthropic takes its key in x-api-key)");
        }
        if (key == null) {
            throw new AiConfigException(where + ": apiKeyHeader names the header for a key, but no apiKeyEnv or apiKeyFile gives one");
        }
        return lower.equals("authorization") ? null : header;
    }

    /**
     * A key with spaces or control characters in it would go out in a header as it is, or make
     * the HTTP client refuse the request with the header, key included, in its message; it is a
     * mistake in the environment or the file (a CR from an edited env file), refused here
     * without quoting it. The ends are stripped before.
     */
    private static String oneWord(String key, String where, String source) throws AiConfigException {
        if (!KeyFile.oneWord(key)) {
            throw new AiConfigException(where + ": the key in " + source + " is empty or holds spaces or control characters");
        }
        return key;
    }

    /**
     * Refuses a key the section does not know, as a misspelt one would otherwise be ignored;
     * names the key, never its value (a key put in the file itself is a secret).
     */
    private static void onlyKnownKeys(JsonNode section, String where, List<String> known) throws AiConfigException {
        if (section == null || section.isNull()) {
            return;
        }
        if (!section.isObject()) {
            throw new AiConfigException(where + " must be a mapping");
        }
        for (var it = section.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                String hint = f.toLowerCase(Locale.ROOT).contains("key") && known.contains("apiKeyEnv")
                        ? "; a key goes in an environment variable (apiKeyEnv) or a file (apiKeyFile), never in this file" : "";
                throw new AiConfigException(where + ": " + f + " is not a known setting; known: " + String.join(", ", known) + hint);
            }
        }
    }

    /** A whole number from {@code min} to {@code max}; null when not set. */
    private static Integer whole(JsonNode d, String field, String where, int min, int max) throws AiConfigException {
        JsonNode v = d.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new AiConfigException(where + ": " + field + " must be a whole number "
                    + (max == Integer.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max) + ", not " + kind(v));
        }
        return v.intValue();
    }

    /** true or false; null when not set. */
    private static Boolean bool(JsonNode d, String field, String where) throws AiConfigException {
        JsonNode v = d.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new AiConfigException(where + ": " + field + " must be true or false, not " + kind(v));
        }
        return v.booleanValue();
    }

    /** What a wrong value is, without repeating text that might be a secret put in the wrong place. */
    static String kind(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        if (v.isNumber()) {
            return "a fraction";
        }
        if (v.isTextual()) {
            return "text";
        }
        if (v.isBoolean()) {
            return v.asText();
        }
        return v.isArray() ? "a list" : "a mapping";
    }

    private static String required(JsonNode d, String field, String where) throws AiConfigException {
        JsonNode v = d.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new AiConfigException(where + " needs " + field);
        }
        return v.asText();
    }

    /** Never prints keys. */
    @Override
    public String toString() {
        return "AiConfig[" + deployments.size() + " deployments]";
    }
}
