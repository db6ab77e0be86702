package dev.stratus.ai.model;

import java.util.List;

/**
 * What is asked of a model (the deployment decides the model name).
 *
 * @param messages the conversation, system message first when there is one
 * @param tools tools the model may call (empty: none)
 * @param maxOutputTokens the answer's bound, null for the deployment's
 * @param sampling how the answer is to be made; {@link Sampling#DEFAULT} when null
 * @param completion a text completion rather than a chat: its messages are the prompt (a user message) and, when
 *     the client gave one, the suffix to fill in before (a second user message); sent to an OpenAI-compatible
 *     server's {@code /completions}, no tools
 */
public record ChatRequest(List<ChatMessage> messages, List<ToolSpec> tools, Integer maxOutputTokens, Sampling sampling,
                          boolean completion) {
    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        sampling = sampling == null ? Sampling.DEFAULT : sampling;
        if (completion && (messages.isEmpty() || messages.size() > 2 || !tools.isEmpty())) {
            throw new IllegalArgumentException("a text completion is a prompt and at most a suffix, without tools");
        }
    }

    /** A chat. */
    public ChatRequest(List<ChatMessage> messages, List<ToolSpec> tools, Integer maxOutputTokens, Sampling sampling) {
        this(messages, tools, maxOutputTokens, sampling, false);
    }

    /** A text completion's prompt. */
    public String prompt() {
        return messages.get(0).content();
    }

    /** A text completion's suffix, or null when none was given. */
    public String suffix() {
        return messages.size() > 1 ? messages.get(1).content() : null;
    }
}
