package dev.stratus.ai.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.CompletionsUnservedException;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.FimTemplate;
import dev.stratus.ai.model.ProviderException;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's legacy text completions ({@code POST {baseUrl}/completions}), as vLLM, llama.cpp server,
 * Ollama's {@code /v1} and LM Studio serve them: a {@code prompt} and, for fill-in-the-middle, a
 * {@code suffix} (or, for servers that take none, the suffix written into the prompt in the model's
 * fill-in-the-middle template, {@link FimTemplate}); each chunk's {@code choices[0].text} is the next piece of the answer. The stream
 * ends as a chat completion's does (a {@code finish_reason}, the usage chunk, {@code [DONE]}).
 */
final class TextCompletionWire {
    static final String PATH = "completions";

    private TextCompletionWire() {
    }

    /** The most stop sequences a request carries, as {@link dev.stratus.ai.model.Sampling#stop()} allows. */
    static final int MAX_STOP = 64;

    /** The JSON body sent for a text completion {@code request}, its suffix as {@code suffix}. */
    static byte[] requestBody(Deployment d, ChatRequest request) {
        return requestBody(d, request, FimTemplate.SUFFIX);
    }

    /**
     * The JSON body sent for a text completion {@code request}: a suffix in the {@code suffix} field or,
     * with a template that writes it into the prompt, there, the template's stop tokens after the
     * request's own stop sequences as far as {@value #MAX_STOP} allow.
     */
    static byte[] requestBody(Deployment d, ChatRequest request, FimTemplate fim) {
        ObjectNode body = Json.object();
        body.put("model", d.model());
        boolean templated = templated(request, fim);
        body.put("prompt", templated ? fim.prompt(request.prompt(), request.suffix()) : request.prompt());
        if (request.suffix() != null && !templated) {
            body.put("suffix", request.suffix());
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        Integer bound = ProviderClients.boundFor(d, request);
        Integer maxTokens = bound != null ? bound : d.maxOutputTokens();
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        OpenAiClient.commonSampling(request.sampling(), body);
        if (templated) {
            List<String> stops = new ArrayList<>(request.sampling().stop());
            for (String t : fim.stops()) {
                if (stops.size() < MAX_STOP && !stops.contains(t)) {
                    stops.add(t);
                    body.withArray("stop").add(t);
                }
            }
        }
        return Json.bytes(body);
    }

    /** Whether {@code request}'s suffix goes into its prompt, in {@code fim}. */
    static boolean templated(ChatRequest request, FimTemplate fim) {
        return request.completion() && request.suffix() != null && fim != null && fim.inPrompt();
    }

    /**
     * A refusal of the endpoint itself said so: a server without text completions answers 404
     * (or 405), which alone would read as a wrong URL; it is a {@link CompletionsUnservedException},
     * which the deployment is remembered by. Other failures are as they came.
     */
    static ProviderException unserved(Deployment d, ProviderException e) {
        if (e.kind() != ProviderException.Kind.BAD_REQUEST || (e.status() != 404 && e.status() != 405)) {
            return e;
        }
        return new CompletionsUnservedException(e.status(), ProviderErrors.describe(d,
                "does not serve text completions (HTTP " + e.status() + " for POST /completions); set completions: false on it",
                null));
    }

    /**
     * A whole text completion where a stream was asked for (servers that ignore {@code stream}),
     * passed on as one stream would have carried it. One without a choice is unreadable.
     */
    static void whole(Deployment d, String json, AnswerAssembler answer) {
        JsonNode completion = ProviderErrors.wholeAnswer(d, json);
        JsonNode choice = completion == null ? null : completion.path("choices").path(0);
        if (choice == null || !choice.path("text").isTextual()) {
            throw ProviderErrors.transport(d, ProviderException.Kind.SERVER_ERROR, "unreadable answer: neither events nor a text completion");
        }
        if (!choice.get("text").asText().isEmpty()) {
            answer.text(choice.get("text").asText());
        }
        answer.finish(choice.hasNonNull("finish_reason") ? OpenAiClient.finishReason(choice.get("finish_reason").asText()) : "stop");
        if (completion.path("usage").isObject()) {
            OpenAiClient.usage(completion.get("usage"), answer);
        }
    }
}
