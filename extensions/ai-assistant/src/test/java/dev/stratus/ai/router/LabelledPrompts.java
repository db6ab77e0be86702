package dev.stratus.ai.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.model.Tier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code labelled-prompts.jsonl}: one prompt, its context, the expected tier, why, and the
 * prompt's language ({@code en} when not given).
 */
final class LabelledPrompts {
    record Example(String prompt, PromptContext context, Tier expected, String why, String lang) {
        boolean english() {
            return lang.equals("en");
        }
    }

    private LabelledPrompts() {
    }

    static List<Example> load() {
        ObjectMapper json = new ObjectMapper();
        List<Example> out = new ArrayList<>();
        try (InputStream in = LabelledPrompts.class.getResourceAsStream("labelled-prompts.jsonl");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                JsonNode c = n.path("context");
                List<String> files = new ArrayList<>();
                c.path("files").forEach(f -> files.add(f.asText()));
                out.add(new Example(n.get("prompt").asText(),
                        new PromptContext(files, c.path("contextTokens").asInt(0), c.path("depth").asInt(0)),
                        Tier.of(n.get("expected").asText()), n.path("why").asText(), n.path("lang").asText("en")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
