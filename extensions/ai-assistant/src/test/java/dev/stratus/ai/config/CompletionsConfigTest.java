package dev.stratus.ai.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.model.Deployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code completions}: whether a deployment is sent text completions ({@code /v1/completions}). */
class CompletionsConfigTest {
    static Deployment parse(String provider, Object completions) throws Exception {
        Map<String, Object> d = new LinkedHashMap<>(Map.of("name", "coder", "tier", "small", "provider", provider,
                "baseUrl", "http://127.0.0.1:8000/v1", "model", "qwen2.5-coder"));
        if (completions != null) {
            d.put("completions", completions);
        }
        String json = new ObjectMapper().writeValueAsString(Map.of("deployments", List.of(d)));
        return AiConfig.parse(json, name -> null).deployments().getFirst();
    }

    @Test
    void anOpenAiCompatibleServerServesThemUnlessConfiguredNotTo() throws Exception {
        assertThat(parse("openai", null).servesCompletions()).isTrue();
        assertThat(parse("openai", true).servesCompletions()).isTrue();
        Deployment off = parse("openai", false);
        assertThat(off.servesCompletions()).isFalse();
        assertThat(off.noCompletions()).isEqualTo("configured with completions: false");
        assertThat(off.withProbed(8192, 1024, true).servesCompletions()).as("kept past a probe").isFalse();
        assertThat(off.servingAtMost(4096).servesCompletions()).isFalse();
    }

    @Test
    void anAnthropicDeploymentServesNoneAndCannotBeSaidTo() throws Exception {
        assertThat(parse("anthropic", null).servesCompletions()).isFalse();
        assertThat(parse("anthropic", null).noCompletions()).isEqualTo("the anthropic API has no completions endpoint");
        assertThatThrownBy(() -> parse("anthropic", true)).isInstanceOf(AiConfigException.class)
                .hasMessageContaining("completions is for provider openai only");
    }

    @Test
    void aValueThatIsNotTrueOrFalseIsRefused() {
        assertThatThrownBy(() -> parse("openai", "no")).isInstanceOf(AiConfigException.class)
                .hasMessageContaining("completions must be true or false");
    }
}
