package dev.stratus.ai.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The wire format a deployment speaks. */
public enum ProviderKind {
    /** OpenAI chat completions: vLLM, Ollama's /v1, llama.cpp server, LM Studio, TGI, OpenAI. */
    OPENAI("openai"),
    /** Anthropic Messages. */
    ANTHROPIC("anthropic");

    private final String id;

    ProviderKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static ProviderKind of(String id) {
        for (ProviderKind p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("provider is openai or anthropic: " + id);
    }
}
