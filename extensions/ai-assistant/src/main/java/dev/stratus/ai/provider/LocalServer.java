package dev.stratus.ai.provider;

import java.util.List;

/**
 * A model server found answering on this machine, and what it serves: never used until an
 * administrator configures it.
 *
 * @param server  which server it said it is: {@code Ollama}, {@code llama.cpp}, {@code vLLM},
 *                {@code LM Studio}, or {@code OpenAI-compatible} when its answers tell no more
 * @param baseUrl its OpenAI-compatible API, as a deployment's {@code baseUrl} takes it
 * @param models  the first {@value LocalServerDetector#MODELS_LISTED} models it lists, in its order
 */
public record LocalServer(String server, String baseUrl, List<String> models) {
    public LocalServer {
        models = List.copyOf(models);
    }
}
