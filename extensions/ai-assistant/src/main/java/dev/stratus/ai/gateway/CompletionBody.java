package dev.stratus.ai.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.FimTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * A text completion request ({@code POST /v1/completions}) read by OpenAI's rules: its prompt, the
 * suffix to fill in before (fill-in-the-middle, as editors' autocomplete asks), its answer bound.
 * What the gateway cannot honour ({@code echo}, {@code best_of} above 1, {@code logprobs}, several
 * prompts or token ids, a chat completion's own parameters) is a {@link BadParam} naming it, never
 * dropped; {@code n} and the sampling options are {@link SamplingOptions}'. A prompt written in StarCoder's
 * fill-in-the-middle template, with no {@code suffix} (Continue's), is read as the prefix and the suffix in it.
 *
 * @param prompt the text to continue
 * @param suffix the text that follows the completion, or null when none was given
 * @param maxTokens {@code max_tokens}, or null for the deployment's bound
 */
record CompletionBody(String prompt, String suffix, Integer maxTokens) {
    /** Chat completion parameters a text completion has no place for. */
    private static final List<String> CHAT_ONLY = List.of("messages", "tools", "tool_choice", "parallel_tool_calls",
            "response_format", "reasoning_effort", "functions", "function_call");

    static CompletionBody read(JsonNode body) throws BadParam {
        for (String name : CHAT_ONLY) {
            if (present(body.path(name))) {
                throw new BadParam(name, name + " is a chat completions parameter; use /v1/chat/completions for it");
            }
        }
        if (body.path("echo").asBoolean(false) || (present(body.path("echo")) && !body.path("echo").isBoolean())) {
            throw new BadParam("echo", "echo is not supported by the Stratus gateway: the answer is the completion only");
        }
        JsonNode bestOf = body.path("best_of");
        if (present(bestOf) && !(bestOf.isIntegralNumber() && bestOf.asLong() == 1)) {
            throw new BadParam("best_of", "best_of must be 1: the Stratus gateway asks a model for one completion per request");
        }
        if (present(body.path("logprobs"))) {
            throw new BadParam("logprobs", "logprobs are not supported by the Stratus gateway");
        }
        JsonNode suffix = body.path("suffix");
        if (present(suffix) && !suffix.isTextual()) {
            throw new BadParam("suffix", "suffix must be a string");
        }
        String prompt = prompt(body.path("prompt"));
        if (!present(suffix)) {
            // Continue's autocomplete through its openai provider never sends a suffix: it writes the prefix and suffix
            // into the prompt in the template its model's name tells, StarCoder's for every stratus/* name. Taken apart,
            // they reach the model as its server takes them (the suffix field, or the model's own template, see fim),
            // not in tokens another family's model reads as text.
            FimTemplate.Parts parts = FimTemplate.STARCODER.parts(prompt);
            if (parts != null) {
                return new CompletionBody(parts.prefix(), parts.suffix(), maxTokens(body.path("max_tokens")));
            }
        }
        return new CompletionBody(prompt, present(suffix) ? suffix.asText() : null, maxTokens(body.path("max_tokens")));
    }

    /** What is sent: the prompt, then the suffix when there is one. */
    List<ChatMessage> messages() {
        List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.user(prompt)));
        if (suffix != null) {
            messages.add(ChatMessage.user(suffix));
        }
        return messages;
    }

    private static String prompt(JsonNode v) throws BadParam {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isArray() && v.size() == 1 && v.get(0).isTextual()) {
            return v.get(0).asText(); // the official clients' list form of one prompt
        }
        if (v.isArray() && v.size() > 1 && v.get(0).isTextual()) {
            throw new BadParam("prompt", "prompt must be one text: the Stratus gateway completes one prompt per request, not "
                    + v.size());
        }
        if (v.isArray() && !v.isEmpty()) {
            throw new BadParam("prompt", "prompt must be text: token ids belong to one model's tokenizer, and a stratus/* model"
                    + " may be answered by any of several models");
        }
        throw new BadParam("prompt", "prompt is required: a string");
    }

    private static Integer maxTokens(JsonNode v) throws BadParam {
        if (!present(v)) {
            return null;
        }
        return ChatBody.positiveInt("max_tokens", v);
    }

    private static boolean present(JsonNode node) {
        return !node.isMissingNode() && !node.isNull();
    }
}
