package dev.stratus.ai.model;

import java.util.List;

/**
 * What is asked of a model (the deployment decides the model name).
 *
 * @param messages the conversation, system message first when there is one
 * @param tools tools the model may call (empty: none)
 * @param maxOutputTokens the answer's bound, null for the deployment's
 * @param sampling how the answer is to be made; {@link Sampling#DEFAULT} when null
 */
public record ChatRequest(List<ChatMessage> messages, List<ToolSpec> tools, Integer maxOutputTokens, Sampling sampling) {
    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        sampling = sampling == null ? Sampling.DEFAULT : sampling;
    }
}
