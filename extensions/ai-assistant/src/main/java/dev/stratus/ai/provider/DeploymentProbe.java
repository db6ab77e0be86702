package dev.stratus.ai.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds out what a deployment actually serves: its context length and whether it accepts tools.
 * Values configured in the {@link Deployment} win and are not probed, but an OpenAI-compatible
 * server is always asked whether it answers at all: with its context configured, a
 * {@code GET {baseUrl}/models} that spends no tokens, whose answer is not read beyond its status
 * (401 and 403 say the key is refused). Failures are reported in the {@link ProbeResult}, never
 * thrown. Metadata requests are bounded by the probe's own
 * timeout, the tool request by the deployment's.
 *
 * <p>Context length, OpenAI-compatible servers, first answer wins ({@code root} is the base URL
 * without its {@code /v1}):
 * <ol>
 *   <li>{@code GET {baseUrl}/models}, the entry whose {@code id} is the model: vLLM reports
 *       {@code max_model_len} (the served length, after {@code --max-model-len}); LM Studio's
 *       native listing and OpenRouter-style gateways {@code loaded_context_length},
 *       {@code context_length} or {@code max_context_length}. OpenAI, Ollama and llama.cpp
 *       list no context here (llama.cpp's {@code meta.n_ctx_train} is the trained length, not
 *       the served one, and is ignored). A model missing from a non-empty list is a problem,
 *       except on llama.cpp, which serves its one model under any name.</li>
 *   <li>{@code GET {root}/props}: llama.cpp reports {@code default_generation_settings.n_ctx},
 *       the context of one slot ({@code --ctx-size} divided by {@code --parallel}), which is what
 *       one request gets.</li>
 *   <li>{@code POST {root}/api/show {"model": ...}}: Ollama. A {@code num_ctx} line in
 *       {@code parameters} is what it serves. Otherwise only {@code model_info.<arch>.context_length}
 *       is known, the trained length; Ollama then serves its server default
 *       ({@code OLLAMA_CONTEXT_LENGTH}), usually far less, and silently drops the start of longer
 *       prompts, so the trained length is used but reported as a problem to configure away.</li>
 *   <li>{@code GET {root}/api/v0/models/{model}}: LM Studio's native API,
 *       {@code loaded_context_length} when loaded, else {@code max_context_length}.</li>
 * </ol>
 * Tools: a non-streamed {@code chat/completions} with {@code max_tokens} 16 offering one tool
 * without arguments. A 2xx means supported; an error that mentions tools means not (vLLM without
 * {@code --enable-auto-tool-choice}, llama.cpp without {@code --jinja}, Ollama models without a
 * tools template); anything else leaves it unknown, with the reason.
 *
 * <p>Anthropic: no request; context {@value #ANTHROPIC_CONTEXT} and tools supported, unless
 * configured.
 */
public final class DeploymentProbe {
    public static final int ANTHROPIC_CONTEXT = 200_000;
    /** Default bound on each metadata request. */
    public static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern NUM_CTX = Pattern.compile("(?m)^\\s*num_ctx\\s+(\\d+)");
    private static final List<String> LISTING_KEYS =
            List.of("max_model_len", "loaded_context_length", "context_length", "max_context_length");

    private final HttpClient http;
    private final Duration metadataTimeout;

    public DeploymentProbe(HttpClient http, Duration metadataTimeout) {
        this.http = http;
        this.metadataTimeout = metadataTimeout;
    }

    public DeploymentProbe(HttpClient http) {
        this(http, METADATA_TIMEOUT);
    }

    private record Found(int tokens, String source) {
    }

    private record Reply(int status, String body) {
        JsonNode json() {
            return Json.parseOrNull(body);
        }
    }

    /**
     * Whether everything a probe learns of {@code d} is configured: probing it then only asks
     * whether it answers, which a start need not wait for.
     */
    public static boolean configuredInFull(Deployment d) {
        return d.contextTokens() != null && d.tools() != null;
    }

    /** Probes {@code deployment}; never throws. */
    public ProbeResult probe(Deployment d) {
        if (d.provider() == ProviderKind.ANTHROPIC) {
            return new ProbeResult(d.withProbed(ANTHROPIC_CONTEXT, null, true), ANTHROPIC_CONTEXT,
                    "Anthropic default", true, List.of());
        }
        List<String> problems = new ArrayList<>();
        Found context = null;
        Boolean tools = null;
        try {
            if (d.contextTokens() == null) {
                context = probeContext(d, problems);
            } else {
                checkAnswers(d, problems);
            }
            if (d.tools() == null && !ProbeResult.unreachable(problems)) {
                tools = probeTools(d, problems);
            }
        } catch (RuntimeException e) {
            problems.add("probe failed: " + ProviderErrors.describe(d, e.getClass().getSimpleName(), e.getMessage()));
        }
        Integer tokens = context == null ? null : context.tokens();
        return new ProbeResult(d.withProbed(tokens, null, tools), tokens, context == null ? null : context.source(),
                tools, problems);
    }

    private Found probeContext(Deployment d, List<String> problems) {
        Reply listing = listing(d, problems);
        if (listing == null) {
            return null;
        }
        if (listing.status() / 100 != 2) {
            problems.add(statusProblem(d, "GET /models", listing));
        } else {
            Found found = fromListing(d, listing.json(), problems);
            if (found != null) {
                return found;
            }
        }
        URI root = root(d.baseUrl());
        Found found = fromProps(optional(d, get(d, UpstreamStream.resolve(root, "props"))));
        if (found == null) {
            ObjectNode show = Json.object().put("model", d.model());
            found = fromOllamaShow(optional(d, request(d, UpstreamStream.resolve(root, "api/show"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(show)))), problems);
        }
        if (found == null) {
            String model = URLEncoder.encode(d.model(), StandardCharsets.UTF_8).replace("+", "%20");
            found = fromLmStudio(optional(d, get(d, UpstreamStream.resolve(root, "api/v0/models/" + model))));
        }
        if (found == null) {
            problems.add("no context length reported (tried /models, /props, /api/show, /api/v0/models); configure contextTokens");
        }
        return found;
    }

    /** Whether the server answers, and takes the key: what is left to ask when its context is configured. */
    private void checkAnswers(Deployment d, List<String> problems) {
        Reply listing = listing(d, problems);
        // Any other answer says the server is up; a server without a listing (404) serves chat all the same.
        if (listing != null && (listing.status() == 401 || listing.status() == 403)) {
            problems.add(statusProblem(d, "GET /models", listing));
        }
    }

    /** {@code GET {baseUrl}/models}, or null when the server did not answer (the problem then says so). */
    private Reply listing(Deployment d, List<String> problems) {
        try {
            return send(d, get(d, UpstreamStream.resolve(d.baseUrl(), "models")), metadataTimeout);
        } catch (ProbeFailure e) {
            problems.add("unreachable: GET /models: " + e.getMessage());
            return null;
        }
    }

    private Found fromListing(Deployment d, JsonNode listing, List<String> problems) {
        JsonNode data = listing == null ? null : listing.path("data");
        if (data == null || !data.isArray()) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : data) {
            String id = entry.path("id").asText();
            ids.add(id);
            if (id.equals(d.model()) || id.equals(d.model() + ":latest")) {
                for (String key : LISTING_KEYS) {
                    if (entry.path(key).canConvertToInt() && entry.path(key).asInt() > 0) {
                        return new Found(entry.path(key).asInt(), "/models " + key);
                    }
                }
                return null;
            }
        }
        boolean llamaCpp = data.size() == 1 && data.get(0).path("owned_by").asText().equals("llamacpp");
        if (!ids.isEmpty() && !llamaCpp) {
            String listed = String.join(", ", ids.subList(0, Math.min(ids.size(), 10)));
            problems.add("model " + d.model() + " is not listed by /models (lists " + listed + (ids.size() > 10 ? ", ..." : "") + ")");
        }
        return null;
    }

    private static Found fromProps(JsonNode props) {
        if (props == null) {
            return null;
        }
        JsonNode nCtx = props.path("default_generation_settings").path("n_ctx");
        if (!nCtx.canConvertToInt()) {
            nCtx = props.path("n_ctx");
        }
        return nCtx.canConvertToInt() && nCtx.asInt() > 0 ? new Found(nCtx.asInt(), "llama.cpp /props n_ctx") : null;
    }

    private static Found fromOllamaShow(JsonNode show, List<String> problems) {
        if (show == null) {
            return null;
        }
        Matcher numCtx = NUM_CTX.matcher(show.path("parameters").asText(""));
        if (numCtx.find()) {
            return new Found(Integer.parseInt(numCtx.group(1)), "Ollama /api/show num_ctx");
        }
        for (Map.Entry<String, JsonNode> field : show.path("model_info").properties()) {
            if (field.getKey().endsWith(".context_length") && field.getValue().canConvertToInt()) {
                problems.add("Ollama reports only the trained context (" + field.getValue().asInt()
                        + "); it serves num_ctx or OLLAMA_CONTEXT_LENGTH, often less; configure contextTokens");
                return new Found(field.getValue().asInt(), "Ollama /api/show model_info");
            }
        }
        return null;
    }

    private static Found fromLmStudio(JsonNode model) {
        if (model == null) {
            return null;
        }
        for (String key : List.of("loaded_context_length", "max_context_length")) {
            if (model.path(key).canConvertToInt() && model.path(key).asInt() > 0) {
                return new Found(model.path(key).asInt(), "LM Studio /api/v0/models " + key);
            }
        }
        return null;
    }

    private Boolean probeTools(Deployment d, List<String> problems) {
        ObjectNode body = Json.object().put("model", d.model()).put("stream", false).put("max_tokens", 16);
        body.putArray("messages").addObject().put("role", "user").put("content", "Reply OK.");
        ObjectNode function = body.putArray("tools").addObject().put("type", "function").putObject("function");
        function.put("name", "probe").put("description", "Checks that tools are accepted; never needs calling.");
        function.putObject("parameters").put("type", "object").putObject("properties");
        Duration timeout = UpstreamStream.timeoutOf(d);
        HttpRequest.Builder post = request(d, UpstreamStream.resolve(d.baseUrl(), "chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
        Reply reply;
        try {
            reply = send(d, post.timeout(timeout), timeout);
        } catch (ProbeFailure e) {
            problems.add("tool probe: " + e.getMessage());
            return null;
        }
        if (reply.status() / 100 == 2) {
            return true;
        }
        if (reply.status() != 401 && reply.status() != 403 && reply.body().toLowerCase().contains("tool")) {
            return false;
        }
        problems.add(statusProblem(d, "tool probe", reply));
        return null;
    }

    private static String statusProblem(Deployment d, String what, Reply reply) {
        JsonNode json = reply.json();
        return ProviderErrors.describe(d, what + ": HTTP " + reply.status(),
                json != null ? ProviderErrors.messageOf(json) : reply.body());
    }

    /** A JSON answer from an endpoint only some servers have, or null. */
    private JsonNode optional(Deployment d, HttpRequest.Builder request) {
        try {
            Reply reply = send(d, request, metadataTimeout);
            return reply.status() / 100 == 2 ? reply.json() : null;
        } catch (ProbeFailure e) {
            return null;
        }
    }

    private static final class ProbeFailure extends Exception {
        ProbeFailure(String message) {
            super(message, null, false, false);
        }
    }

    private Reply send(Deployment d, HttpRequest.Builder request, Duration timeout) throws ProbeFailure {
        HttpRequest req = request.timeout(timeout).build();
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(req, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Reply(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new ProbeFailure("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectException) { // as a call says it: a stopped server is not a slow one
                throw new ProbeFailure(ProviderErrors.unreachableWords(d, cause));
            }
            throw new ProbeFailure(cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + ProviderErrors.clean(d, cause.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new ProbeFailure("interrupted");
        }
    }

    private HttpRequest.Builder get(Deployment d, URI uri) {
        return request(d, uri).GET();
    }

    private static HttpRequest.Builder request(Deployment d, URI uri) {
        return OpenAiClient.withKey(HttpRequest.newBuilder(uri).header("Accept", "application/json"), d);
    }

    /** The server root: the base URL without a trailing {@code /v1} (its query, if any, kept). */
    static URI root(URI baseUrl) {
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceAll("/+$", "");
        path = path.endsWith("/v1") ? path.substring(0, path.length() - 3) : path;
        return URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + path
                + (baseUrl.getRawQuery() == null ? "" : "?" + baseUrl.getRawQuery()));
    }
}
