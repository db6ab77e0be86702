package dev.stratus.ai.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.ai.Assistant;
import dev.stratus.ai.AssistantState;
import dev.stratus.ai.JsonMappers;
import dev.stratus.ai.engine.Run;
import dev.stratus.ai.engine.RunResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.Task;
import dev.stratus.extension.api.HttpRequest;
import dev.stratus.extension.api.HttpResponse;
import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v1/completions}, OpenAI's legacy text completions, which editors' autocomplete
 * (Continue, Twinny, llama.vscode) calls with a {@code prompt} and a {@code suffix}: through the
 * same routing, continuity, budgets, redaction and audit as a chat completion (recorded as
 * {@code completion}), to the deployments that serve {@code /completions}
 * ({@link Deployment#servesCompletions()}). {@code stratus/auto} is the small tier: completion
 * is asked for at every keystroke pause, and answered best fast.
 */
final class TextCompletions {
    private static final ObjectMapper JSON = JsonMappers.newMapper();

    private final OpenAiGateway gateway;
    private final Assistant assistant;
    private final AssistantState state;

    TextCompletions(OpenAiGateway gateway, Assistant assistant) {
        this.gateway = gateway;
        this.assistant = assistant;
        this.state = assistant.state();
    }

    HttpResponse handle(HttpRequest request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return OpenAiGateway.error(400, "invalid_request_error", "The body is not JSON", null);
        }
        if (body == null || !body.isObject()) {
            return OpenAiGateway.error(400, "invalid_request_error", "The body must be a JSON object", null);
        }
        JsonNode modelField = body.path("model");
        if (!modelField.isMissingNode() && !modelField.isNull() && !modelField.isTextual()) {
            return OpenAiGateway.error(400, "invalid_request_error", "model must be a string: one of " + OpenAiGateway.MODELS, "model");
        }
        String model = modelField.asText("stratus/auto");
        Tier tier;
        switch (model) {
            case "stratus/auto", "stratus/small" -> tier = Tier.SMALL;
            case "stratus/medium" -> tier = Tier.MEDIUM;
            case "stratus/large" -> tier = Tier.LARGE;
            default -> {
                return OpenAiGateway.error(404, "model_not_found", "The model " + model + " does not exist; use one of "
                        + OpenAiGateway.MODELS, "model");
            }
        }
        CompletionBody completion;
        Sampling sampling;
        boolean streamed;
        boolean usage;
        try {
            completion = CompletionBody.read(body);
            sampling = SamplingOptions.read(body, List.of());
            streamed = OpenAiGateway.flag(body, "stream", "stream");
            JsonNode options = body.path("stream_options");
            if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
                throw new BadParam("stream_options", "stream_options must be an object");
            }
            usage = OpenAiGateway.flag(options, "include_usage", "stream_options.include_usage");
        } catch (BadParam e) {
            return OpenAiGateway.error(400, "invalid_request_error", e.getMessage(), e.param);
        }
        if (!state.configured()) {
            return OpenAiGateway.error(503, "service_unavailable", "No AI model is configured on this Stratus server", null);
        }
        List<Deployment> deployments = state.deployments();
        if (deployments.stream().noneMatch(state::servesCompletions)) {
            // Refused as a bad request, naming why: routing would find no deployment, and a 503 invites retries.
            return OpenAiGateway.error(400, "invalid_request_error", "No configured model serves text completions (/v1/completions): "
                    + String.join("; ", deployments.stream().map(d -> d.name() + ": " + state.noCompletions(d)).toList())
                    + ". Use /v1/chat/completions.", "model");
        }
        Run run = new Run(request.caller().userId(), request.caller().userName(), null, "completion", Task.CHAT, completion.prompt(),
                null, completion.messages(), List.of(), tier, completion.maxTokens(), null, sampling, true);
        String id = "cmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        return gateway.respond(assistant.engine(), run, streamed, r -> whole(id, created, model, r), out -> ChunkWriter.text(out, id, created, model), usage);
    }

    private static String whole(String id, long created, String model, RunResult r) {
        ObjectNode root = JSON.createObjectNode().put("id", id).put("object", "text_completion").put("created", created).put("model", model);
        root.putArray("choices").addObject().put("index", 0).put("text", r.text()).putNull("logprobs")
                .put("finish_reason", OpenAiGateway.finish(List.of(), r.finishReason()));
        root.putObject("usage").put("prompt_tokens", r.usage().promptTokens()).put("completion_tokens", r.usage().completionTokens())
                .put("total_tokens", r.usage().total());
        root.putObject("stratus").put("tier", r.tier().id()).put("deployment", r.deployment())
                .set("fallbacks", JSON.valueToTree(r.fallbacks()));
        return ChunkWriter.jsonText(root);
    }
}
