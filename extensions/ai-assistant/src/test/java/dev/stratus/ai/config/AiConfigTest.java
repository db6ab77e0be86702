package dev.stratus.ai.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AiConfigTest {
    private static String json(String yaml) throws Exception {
        return new ObjectMapper().writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(yaml).get("ai"));
    }

    @Test
    void theDocumentedShapeIsAccepted() throws Exception {
        AiConfig c = AiConfig.parse(json("""
                ai:
                  deployments:
                    - name: local-small
                      tier: small
                      provider: openai
                      baseUrl: http://127.0.0.1:11434/v1/
                      model: qwen2.5-coder:1.5b
                      apiKeyEnv: SMALL_KEY
                    - name: claude
                      tier: large
                      provider: anthropic
                      baseUrl: https://api.anthropic.com
                      model: claude-sonnet
                      contextTokens: 200000
                      tools: true
                  routing:
                    tasks: {explain: small}
                  governance:
                    budgets:
                      period: monthly
                      userTokens: 1000
                      teams: {platform: [alice, bob]}
                      teamTokens: {platform: 5000}
                    rateLimit: {requestsPerMinute: 30}
                    redaction:
                      extraPatterns: [{kind: acme, regex: "ACME-[0-9]{8}"}]
                """), Map.of("SMALL_KEY", "sk-secret-value")::get);
        assertThat(c.configured()).isTrue();
        Deployment small = c.deployments().get(0);
        assertThat(small.tier()).isEqualTo(Tier.SMALL);
        assertThat(small.provider()).isEqualTo(ProviderKind.OPENAI);
        assertThat(small.baseUrl().toString()).isEqualTo("http://127.0.0.1:11434/v1");
        assertThat(small.apiKey()).isEqualTo("sk-secret-value");
        assertThat(small.contextTokens()).isNull();
        assertThat(c.deployments().get(1).contextTokens()).isEqualTo(200000);
        assertThat(c.taskTiers()).containsEntry("explain", "small");
        assertThat(c.governance().budgets().teams()).containsEntry("platform", List.of("alice", "bob"));
        assertThat(c.governance().rateLimit().requestsPerMinute()).isEqualTo(30);
        assertThat(c.governance().redaction().extraPatterns()).hasSize(1);
        assertThat(c.toString() + small + c.deployments()).doesNotContain("sk-secret-value");
    }

    @Test
    void nothingConfiguredIsNormal() throws Exception {
        assertThat(AiConfig.parse("null", k -> null).configured()).isFalse();
        assertThat(AiConfig.parse("{}", k -> null).configured()).isFalse();
    }

    @Test
    void mistakesAreNamedAndKeysNeverShown() {
        String base = "{\"deployments\": [{\"name\": \"a\", \"tier\": \"small\", \"provider\": \"openai\", "
                + "\"baseUrl\": \"http://127.0.0.1:1/v1\", \"model\": \"m\"%s}]}";
        assertThatThrownBy(() -> AiConfig.parse(base.formatted(", \"apiKeyEnv\": \"MISSING\""), k -> null))
                .hasMessageContaining("MISSING").hasMessageContaining("not set");
        assertThatThrownBy(() -> AiConfig.parse(base.replace("small", "huge").formatted(""), k -> null))
                .hasMessageContaining("ai.deployments[0]").hasMessageContaining("small, medium or large");
        assertThatThrownBy(() -> AiConfig.parse(base.replace("http://127.0.0.1:1/v1", "file:///etc").formatted(""), k -> null))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> AiConfig.parse("{\"deployment\": []}", k -> null)).hasMessageContaining("ai.deployment is not");
        assertThatThrownBy(() -> AiConfig.parse("{\"deployments\": [{\"name\": \"x\"}]}", k -> null)).hasMessageContaining("needs tier");
        String twice = "{\"deployments\": [" + base.substring(17, base.length() - 2).formatted("") + ", "
                + base.substring(17, base.length() - 2).formatted("") + "]}";
        assertThatThrownBy(() -> AiConfig.parse(twice, k -> null)).hasMessageContaining("used twice");
        assertThatThrownBy(() -> AiConfig.parse("{\"governance\": {\"rateLimit\": {\"requestsPerMinute\": -1}}}", k -> null))
                .hasMessageContaining("ai.governance");
    }
}
