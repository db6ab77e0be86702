package dev.stratus.ai.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.ai.Assistant;
import dev.stratus.ai.AssistantState;
import dev.stratus.ai.JsonMappers;
import dev.stratus.ai.engine.AiEngine;
import dev.stratus.ai.engine.AiFailure;
import dev.stratus.ai.engine.Run;
import dev.stratus.ai.engine.RunResult;
import dev.stratus.ai.engine.RunSink;
import dev.stratus.ai.governance.GovernanceStoreException;
import dev.stratus.ai.governance.RateLimitedException;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.Usage;
import dev.stratus.ai.router.Task;
import dev.stratus.extension.api.HttpRequest;
import dev.stratus.extension.api.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The OpenAI-compatible gateway ({@code /v1/models}, {@code /v1/chat/completions}, {@code /v1/completions}; mounted by the
 * extension's HTTP alias, authenticated with Stratus API tokens): the organisation's models for
 * external tools, through the same routing, continuity, budgets, redaction and audit. Models:
 * {@code stratus/auto} (routed by the scorer), {@code stratus/small|medium|large} (a tier).
 * Tool calls are handed back to the client, as OpenAI does.
 */
public final class OpenAiGateway {
    private static final ObjectMapper JSON = JsonMappers.newMapper();
    static final List<String> MODELS = List.of("stratus/auto", "stratus/small", "stratus/medium", "stratus/large");

    /** The engine and deployments a request takes when it starts (an edit of the deployments replaces them). */
    private final Supplier<Assistant> live;

    public OpenAiGateway(AiEngine engine, AssistantState state) {
        this(() -> new Assistant(engine, state));
    }

    public OpenAiGateway(Supplier<Assistant> live) {
        this.live = live;
    }

    public HttpResponse models(HttpRequest request) {
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        MODELS.forEach(m -> data.add(model(m)));
        return HttpResponse.json(ChunkWriter.jsonText(root));
    }

    /**
     * {@code GET /v1/models/{id}}: one model, as OpenAI's clients retrieve it to check a name.
     * The id's slash arrives encoded ({@code stratus%2Fsmall}, as the official clients send it;
     * path parameters come decoded) or as a second segment ({@code models/stratus/small}).
     */
    public HttpResponse model(HttpRequest request) {
        Map<String, String> path = request.pathParameters();
        String id = path.containsKey("name") ? "stratus/" + path.get("name") : path.getOrDefault("id", "");
        if (!MODELS.contains(id)) {
            return error(404, "model_not_found", "The model " + id + " does not exist; use one of " + MODELS);
        }
        return HttpResponse.json(ChunkWriter.jsonText(model(id)));
    }

    private static ObjectNode model(String id) {
        return JSON.createObjectNode().put("id", id).put("object", "model").put("created", 0).put("owned_by", "stratus");
    }

    public HttpResponse completions(HttpRequest request) throws Exception {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return error(400, "invalid_request_error", "The body is not JSON");
        }
        if (body == null || !body.isObject()) {
            return error(400, "invalid_request_error", "The body must be a JSON object");
        }
        JsonNode modelField = body.path("model");
        if (!modelField.isMissingNode() && !modelField.isNull() && !modelField.isTextual()) {
            return error(400, "invalid_request_error", "model must be a string: one of " + MODELS, "model");
        }
        String model = modelField.asText("stratus/auto");
        Tier tier;
        switch (model) {
            case "stratus/auto" -> tier = null;
            case "stratus/small" -> tier = Tier.SMALL;
            case "stratus/medium" -> tier = Tier.MEDIUM;
            case "stratus/large" -> tier = Tier.LARGE;
            default -> {
                return error(404, "model_not_found", "The model " + model + " does not exist; use one of " + MODELS);
            }
        }
        ChatBody chat;
        Sampling sampling;
        boolean streamed;
        boolean usage;
        try {
            chat = ChatBody.read(body);
            sampling = SamplingOptions.read(body, chat.tools());
            streamed = flag(body, "stream", "stream");
            JsonNode options = body.path("stream_options");
            if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
                throw new BadParam("stream_options", "stream_options must be an object");
            }
            usage = flag(options, "include_usage", "stream_options.include_usage");
        } catch (BadParam e) {
            return error(400, "invalid_request_error", e.getMessage(), e.param);
        }
        Assistant assistant = live.get();
        AssistantState state = assistant.state();
        if (!state.configured()) {
            return error(503, "service_unavailable", "No AI model is configured on this Stratus server");
        }
        if (state.deployments().stream().noneMatch(d -> sampling.unsupportedBy(d.provider()).isEmpty())) {
            // Refused here, as a bad request: routing would find no deployment, and a 503 invites retries.
            List<String> missing = state.deployments().stream().flatMap(d -> sampling.unsupportedBy(d.provider()).stream())
                    .distinct().toList();
            return error(400, "invalid_request_error", "No configured model's API takes " + String.join(", ", missing),
                    missing.get(0).split(" ")[0]); // the option's name ("temperature above 1" -> temperature)
        }
        Run run = new Run(request.caller().userId(), request.caller().userName(), null, "gateway", Task.CHAT, chat.lastUser(), null,
                chat.messages(), chat.tools(), tier, chat.maxTokens(), null, sampling);
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        return respond(assistant.engine(), run, streamed, r -> completion(id, created, model, r),
                out -> new ChunkWriter(out, id, created, model), usage);
    }

    /**
     * {@code POST /v1/completions}: a text completion, fill-in-the-middle when a suffix is given
     * ({@link TextCompletions}).
     */
    public HttpResponse textCompletions(HttpRequest request) throws Exception {
        return new TextCompletions(this, live.get()).handle(request);
    }

    /**
     * Answers an admitted-to-be request: whole ({@code whole} renders the answer) or streamed (through the writer
     * {@code chunks} makes for the body), with the usage chunk when {@code includeUsage}.
     */
    HttpResponse respond(AiEngine engine, Run run, boolean streamed, java.util.function.Function<RunResult, String> whole,
                         java.util.function.Function<OutputStream, ChunkWriter> chunks, boolean includeUsage) {
        if (!streamed) {
            // Answered from the streamed body's writer, which the call time limit does not bound (a slow local model
            // may take minutes), with the status the run ends in.
            return HttpResponse.streaming(200, "application/json", out -> ((HttpResponse.Unsent) out).answerInstead(
                    complete(out, engine, run, whole)));
        }
        // Refusals before any call (rate limit, budget, no deployment, redaction) get their status, as
        // OpenAI answers them, rather than a 200 and an error inside the stream.
        AiEngine.Admitted admitted;
        try {
            admitted = engine.admit(run);
        } catch (AiFailure e) {
            return failure(e);
        } catch (GovernanceStoreException e) {
            return failure(AiFailure.unrecorded(e));
        }
        return HttpResponse.streaming(200, "text/event-stream", out -> stream(out, engine, admitted, chunks.apply(out), includeUsage));
    }

    /**
     * A true/false option, false when absent: Jackson's lenient reading would take "yes" for false and 1 for true, and
     * a client would be answered in a form it did not ask for.
     */
    static boolean flag(JsonNode parent, String name, String param) throws BadParam {
        JsonNode v = parent.path(name);
        if (!v.isMissingNode() && !v.isNull() && !v.isBoolean()) {
            throw new BadParam(param, param + " must be true or false");
        }
        return v.asBoolean(false);
    }

    private HttpResponse complete(OutputStream out, AiEngine engine, Run run, java.util.function.Function<RunResult, String> whole)
            throws IOException {
        // A client that hangs up while the model works stops the call: nothing is written before the answer is whole.
        try (StopWhenGone client = new StopWhenGone(out)) {
            RunResult r = engine.run(run, new RunSink() {
                @Override
                public void text(String delta) {
                }

                @Override
                public void notice(String kind, String message, Integer discardedChars) {
                }

                @Override
                public boolean clientGone() {
                    return client.gone();
                }
            });
            return new HttpResponse(200, "application/json", whole.apply(r).getBytes(StandardCharsets.UTF_8));
        } catch (AiFailure e) {
            return failure(e);
        } catch (GovernanceStoreException e) {
            return failure(AiFailure.unrecorded(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("the request was interrupted");
        }
    }

    private void stream(OutputStream out, AiEngine engine, AiEngine.Admitted run, ChunkWriter chunks, boolean includeUsage)
            throws IOException {
        // The head and the role chunk go out with the first text: a request refused before it (every model rate-limited
        // or failing) is answered with its status, as OpenAI answers, not a 200 with an error event.
        // Before the first token nothing is written that could fail: a client that hangs up stops the call all the same.
        StopWhenGone client = new StopWhenGone(out);
        RunSink sink = new RunSink() {
            @Override
            public boolean clientGone() {
                return client.gone();
            }

            @Override
            public boolean takesTextDirectly() {
                return chunks.keepingUp();
            }

            @Override
            public void text(String delta) {
                try {
                    chunks.send(chunks.content(delta));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e); // the client left: stop the upstream call
                }
            }

            @Override
            public void notice(String kind, String message, Integer discardedChars) {
                // The OpenAI wire format has no place for notices. A restart after text went out would splice
                // the start of one answer onto another, which a client (an editor applying a code block, a
                // tool parsing a patch) would take as one answer: the stream ends with an error instead.
                if ("restart".equals(kind) && discardedChars != null && discardedChars > 0) {
                    throw new AiFailure(AiFailure.UNAVAILABLE, "The model's answer was cut off after " + discardedChars
                            + " characters; what came is incomplete. Send the request again.");
                }
            }

            @Override
            public void finished(ChatResult result, Usage usage, Tier tier, String deployment, List<RunResult.Fallback> fallbacks) {
                // The client has its whole answer before the budget is settled and the audit record written.
                try {
                    chunks.end(finish(result.toolCalls(), result.finishReason()), List.of(), includeUsage ? usage : null, tier, deployment,
                            fallbacks);
                } catch (IOException e) {
                    // the client left after the last token; the run is recorded all the same
                }
            }
        };
        try (client) {
            RunResult r = engine.run(run, sink);
            if (!chunks.ended()) {
                chunks.end(finish(r.toolCalls(), r.finishReason()), r.toolCalls(), includeUsage ? r.usage() : null, r.tier(), r.deployment(),
                        r.fallbacks());
            }
        } catch (AiFailure e) {
            fail(chunks, e);
        } catch (GovernanceStoreException e) {
            fail(chunks, AiFailure.unrecorded(e));
        } catch (InterruptedException e) {
            // Cut, not ended: an answer stopped before its end must not look whole.
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("the request was interrupted");
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void fail(ChunkWriter chunks, AiFailure e) throws IOException {
        if (!chunks.ended() && !chunks.answerInstead(failure(e))) {
            chunks.fail(errorBody(type(e), code(e), message(e), null));
        }
    }

    private static String completion(String id, long created, String model, RunResult r) {
        ObjectNode root = JSON.createObjectNode().put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", r.text());
        if (!r.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall c : r.toolCalls()) {
                calls.addObject().put("id", c.id()).put("type", "function").putObject("function")
                        .put("name", c.name()).put("arguments", c.argumentsJson());
            }
        }
        choice.put("finish_reason", finish(r.toolCalls(), r.finishReason()));
        root.putObject("usage").put("prompt_tokens", r.usage().promptTokens()).put("completion_tokens", r.usage().completionTokens())
                .put("total_tokens", r.usage().total());
        root.putObject("stratus").put("tier", r.tier().id()).put("deployment", r.deployment())
                .set("fallbacks", JSON.valueToTree(r.fallbacks()));
        return ChunkWriter.jsonText(root);
    }

    static String finish(List<ToolCall> calls, String finishReason) {
        return !calls.isEmpty() ? "tool_calls" : finishReason == null ? "stop" : finishReason;
    }

    static HttpResponse failure(AiFailure e) {
        int status = switch (e.code()) {
            case AiFailure.RATE_LIMITED -> 429;
            case AiFailure.BLOCKED -> 403;
            case AiFailure.INVALID -> 400;
            // Every model turned the request itself down: a 400, which clients do not retry, with the models' reason.
            default -> e.reason() != null ? 400 : 503;
        };
        HttpResponse response = json(status, errorBody(type(e), code(e), message(e), null));
        if (AiFailure.BUDGET_SPENT.equals(e.reason())) {
            // Spent until the period ends: openai-python and openai-node otherwise retry a 429 twice, as they do any Retry-After
            // over a minute, in vain.
            response = response.withHeader("X-Should-Retry", "false");
        }
        // Clients (openai, litellm) wait as long as Retry-After says before they try again.
        return e.retryAfter() == null || e.retryAfter().isNegative() ? response
                : response.withHeader("Retry-After", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
    }

    /**
     * The failure's words for a client. A request no model's context holds begins as OpenAI's does, by which
     * clients (litellm, so Aider) tell it from other 400s and offer to shorten the conversation.
     */
    private static String message(AiFailure e) {
        // Continue's autocomplete shows each distinct error once, and retries no 429: a rate limit's words counting the
        // wait down would be a new error at every pause in typing. Retry-After carries the wait.
        String words = RateLimitedException.withoutWait(e.getMessage());
        if (e.code() == AiFailure.RATE_LIMITED && !words.equals(e.getMessage())) {
            return words + "; retry after the seconds in its Retry-After header";
        }
        return AiFailure.CONTEXT_TOO_LARGE.equals(e.reason())
                ? "This model's maximum context length is smaller than this request needs. " + e.getMessage()
                : e.getMessage();
    }

    private static String type(AiFailure e) {
        if (e.reason() != null) {
            return AiFailure.BUDGET_SPENT.equals(e.reason()) ? e.reason() : "invalid_request_error";
        }
        return switch (e.code()) {
            case AiFailure.RATE_LIMITED -> "rate_limit_exceeded";
            case AiFailure.BLOCKED -> "request_blocked";
            case AiFailure.INVALID -> "invalid_request_error";
            default -> "service_unavailable";
        };
    }

    private static String code(AiFailure e) {
        return e.reason() != null ? e.reason() : type(e);
    }

    private static HttpResponse error(int status, String type, String message) {
        return error(status, type, message, null);
    }

    static HttpResponse error(int status, String type, String message, String param) {
        return json(status, errorBody(type, type, message, param));
    }

    /** OpenAI's error body; {@code param} names the request parameter at fault, when one is (null otherwise, as OpenAI's). */
    private static ObjectNode errorBody(String type, String code, String message, String param) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("message", message).put("type", type).put("param", param).put("code", code);
        return root;
    }

    private static HttpResponse json(int status, JsonNode body) {
        return new HttpResponse(status, "application/json", ChunkWriter.jsonText(body).getBytes(StandardCharsets.UTF_8));
    }
}
