package dev.stratus.ai.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.FimTemplate;
import dev.stratus.ai.model.ProviderKind;

/** A deployment's {@code fim}: how its text completions send the suffix ({@link FimTemplate}). */
final class FimSetting {
    private FimSetting() {
    }

    /** The template named by {@code d}'s {@code fim}, null when not set; an openai deployment's only. */
    static FimTemplate read(JsonNode d, String where, ProviderKind provider) throws AiConfigException {
        JsonNode v = d.get("fim");
        if (v == null || v.isNull()) {
            return null;
        }
        if (provider != ProviderKind.OPENAI) {
            throw new AiConfigException(where + ": fim is for provider openai only (the " + provider.id()
                    + " API has no completions endpoint)");
        }
        try {
            return FimTemplate.of(v.isTextual() ? v.asText() : "");
        } catch (IllegalArgumentException e) {
            // Only a short word is repeated: a key pasted in the wrong place is not.
            throw new AiConfigException(where + ": fim must be one of " + FimTemplate.ids() + ", not "
                    + (v.isTextual() && v.asText().matches("[a-z0-9-]{1,20}") ? v.asText() : AiConfig.kind(v)));
        }
    }
}
