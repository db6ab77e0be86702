package dev.stratus.ai.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.FimTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code fim}: how a deployment's text completions send the suffix. */
class FimConfigTest {
    static Deployment parse(String provider, Object fim) throws Exception {
        Map<String, Object> d = new LinkedHashMap<>(Map.of("name", "coder", "tier", "small", "provider", provider,
                "baseUrl", "http://127.0.0.1:8000/v1", "model", "qwen2.5-coder"));
        if (fim != null) {
            d.put("fim", fim);
        }
        String json = new ObjectMapper().writeValueAsString(Map.of("deployments", List.of(d)));
        return AiConfig.parse(json, name -> null).deployments().getFirst();
    }

    @Test
    void eachTemplateIsTakenByItsNameAndKeptPastAProbe() throws Exception {
        assertThat(parse("openai", null).fim()).isNull();
        for (FimTemplate t : FimTemplate.values()) {
            assertThat(parse("openai", t.id()).fim()).isEqualTo(t);
        }
        Deployment llama = parse("openai", "codellama");
        assertThat(llama.withProbed(8192, 1024, true).fim()).isEqualTo(FimTemplate.CODELLAMA);
        assertThat(llama.servingAtMost(4096).fim()).isEqualTo(FimTemplate.CODELLAMA);
    }

    @Test
    void anUnknownTemplateIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> parse("openai", "llama3")).isInstanceOf(AiConfigException.class)
                .hasMessageContaining("fim must be one of suffix, qwen, codellama, deepseek, starcoder, codegemma, codestral, not llama3");
        assertThatThrownBy(() -> parse("openai", 3)).isInstanceOf(AiConfigException.class)
                .hasMessageContaining("fim must be one of").hasMessageEndingWith("not 3");
    }

    @Test
    void aValueLookingLikeAKeyIsNotRepeated() {
        assertThatThrownBy(() -> parse("openai", "sk-ABCDEF0123456789abcdef")).isInstanceOf(AiConfigException.class)
                .hasMessageNotContaining("ABCDEF0123456789").hasMessageEndingWith("not text");
    }

    @Test
    void anAnthropicDeploymentTakesNone() {
        assertThatThrownBy(() -> parse("anthropic", "qwen")).isInstanceOf(AiConfigException.class)
                .hasMessageContaining("fim is for provider openai only");
    }
}
