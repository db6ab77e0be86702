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
    void aKeysEndsAreStrippedAndAKeyWithSpacesOrControlCharactersIsRefusedUnquoted() throws Exception {
        String base = "{\"deployments\": [{\"name\": \"a\", \"tier\": \"small\", \"provider\": \"openai\", "
                + "\"baseUrl\": \"http://127.0.0.1:1/v1\", \"model\": \"m\", \"apiKeyEnv\": \"K\"}]}";
        // A CR from an env file edited on Windows, or a Kubernetes secret written with a newline.
        assertThat(AiConfig.parse(base, k -> "sk-live-VERYSECRET-0123\r\n").deployments().getFirst().apiKey())
                .isEqualTo("sk-live-VERYSECRET-0123");
        for (String bad : List.of("sk-live VERYSECRET", "sk-live\u0000SECRET", "sk-live\rSECRET")) {
            assertThatThrownBy(() -> AiConfig.parse(base, k -> bad)).isInstanceOf(AiConfigException.class)
                    .hasMessageContaining("the key in the environment variable K (apiKeyEnv) is empty or holds spaces or control characters")
                    .hasMessageNotContaining("SECRET");
        }
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
        assertThatThrownBy(() -> AiConfig.parse("{\"governance\": {\"rateLimit\": {\"completionsPerMinute\": 100001}}}", k -> null))
                .hasMessageContaining("rateLimit.completionsPerMinute must be 0..100000");
    }

    /** One deployment, named {@code a}, with {@code extra} lines added to it. */
    private static String deploymentWith(String extra) throws Exception {
        return json("""
                ai:
                  deployments:
                    - name: a
                      tier: small
                      provider: openai
                      baseUrl: http://127.0.0.1:1/v1
                      model: m
                """ + extra.indent(6));
    }

    @Test
    void aKeyGivenBothInTheEnvironmentAndInAFileIsRefusedRatherThanOneOfThemIgnored(@org.junit.jupiter.api.io.TempDir
                                                                                    java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("key"), "sk-from-file-0123");
        assertThatThrownBy(() -> AiConfig.parse(deploymentWith("apiKeyEnv: K\napiKeyFile: " + file), k -> "sk-from-env-0123"))
                .isInstanceOf(AiConfigException.class)
                .hasMessage("ai.deployments[0] (a): the key comes from apiKeyEnv or from apiKeyFile, not both")
                .hasMessageNotContaining("sk-from");
        assertThat(AiConfig.parse(deploymentWith("apiKeyFile: " + file), k -> null).deployments().getFirst().apiKey())
                .isEqualTo("sk-from-file-0123");
    }

    @Test
    void wrongTypesAreRefusedNamingTheDeploymentTheKeyAndWhatItTakes() throws Exception {
        assertThatThrownBy(() -> AiConfig.parse(deploymentWith("contextTokens: lots"), k -> null))
                .isInstanceOf(AiConfigException.class)
                .hasMessageContaining("ai.deployments[0] (a)").hasMessageContaining("contextTokens")
                .hasMessageContaining("whole number of at least 1").hasMessageNotContaining("lots");
        assertThatThrownBy(() -> AiConfig.parse(deploymentWith("maxOutputTokens: 4096.5"), k -> null))
                .hasMessageContaining("ai.deployments[0] (a)").hasMessageContaining("maxOutputTokens")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> AiConfig.parse(deploymentWith("tools: \"yes\""), k -> null))
                .hasMessageContaining("ai.deployments[0] (a)").hasMessageContaining("tools must be true or false");
        assertThatThrownBy(() -> AiConfig.parse(deploymentWith("timeoutSeconds: abc"), k -> null))
                .hasMessageContaining("ai.deployments[0] (a)").hasMessageContaining("timeoutSeconds")
                .hasMessageContaining("from 1 to 600");
        assertThatThrownBy(() -> AiConfig.parse(deploymentWith("contextTokens: 99999999999"), k -> null))
                .hasMessageContaining("contextTokens");
        assertThatThrownBy(() -> AiConfig.parse(deploymentWith("apiKeyEnv: [A, B]"), k -> null))
                .hasMessageContaining("ai.deployments[0] (a) needs apiKeyEnv");
        assertThatThrownBy(() -> AiConfig.parse(json("ai: {gateway: {enabled: \"no\"}}"), k -> null))
                .hasMessageContaining("ai.gateway: enabled must be true or false");
    }

    @Test
    void numbersThatMakeNoSenseAreRefused() throws Exception {
        for (String bad : List.of("contextTokens: 0", "contextTokens: -5", "maxOutputTokens: 0", "timeoutSeconds: 0",
                "timeoutSeconds: -1", "timeoutSeconds: 601")) {
            String key = bad.substring(0, bad.indexOf(':'));
            assertThatThrownBy(() -> AiConfig.parse(deploymentWith(bad), k -> null)).as(bad)
                    .isInstanceOf(AiConfigException.class)
                    .hasMessageContaining("ai.deployments[0] (a): " + key + " must be a whole number")
                    .hasMessageEndingWith("not " + bad.substring(bad.indexOf(' ') + 1));
        }
        Deployment d = AiConfig.parse(deploymentWith("contextTokens: 1\nmaxOutputTokens: 1\ntimeoutSeconds: 600\ntools: false"),
                k -> null).deployments().getFirst();
        assertThat(d.contextTokens()).isEqualTo(1);
        assertThat(d.maxOutputTokens()).isEqualTo(1);
        assertThat(d.timeout()).hasSeconds(600);
        assertThat(d.tools()).isFalse();
        assertThat(AiConfig.parse(deploymentWith(""), k -> null).deployments().getFirst().timeout()).hasSeconds(60);
        assertThat(AiConfig.parse(json("ai: {gateway: {enabled: false}}"), k -> null).gatewayEnabled()).isFalse();
    }

    @Test
    void unknownDeploymentKeysAreRefusedByNameNeverByValue() throws Exception {
        assertThatThrownBy(() -> AiConfig.parse(deploymentWith("apikey: sk-abc-secret"), k -> null))
                .isInstanceOf(AiConfigException.class)
                .hasMessageContaining("ai.deployments[0] (a): apikey is not a known setting")
                .hasMessageContaining("apiKeyEnv").hasMessageContaining("apiKeyFile")
                .hasMessageNotContaining("sk-abc-secret");
        assertThatThrownBy(() -> AiConfig.parse(deploymentWith("apiKeyEnvv: SMALL_KEY"), k -> "sk-from-env"))
                .hasMessageContaining("apiKeyEnvv is not a known setting")
                .hasMessageNotContaining("SMALL_KEY").hasMessageNotContaining("sk-from-env");
        assertThatThrownBy(() -> AiConfig.parse(json("""
                ai:
                  deployments:
                    - nmae: a
                      tier: small
                """), k -> null)).hasMessageContaining("ai.deployments[0]: nmae is not a known setting");
        assertThatThrownBy(() -> AiConfig.parse(json("ai: {gateway: {enable: false}}"), k -> null))
                .hasMessageContaining("ai.gateway: enable is not a known setting");
    }

    @Test
    void routingMistakesAreConfigurationErrors() throws Exception {
        // An AiConfigException is what the extension shows in the panel; anything else stops it.
        assertThatThrownBy(() -> AiConfig.parse(json("ai: {routing: {tasks: {explain: huge}}}"), k -> null))
                .isInstanceOf(AiConfigException.class)
                .hasMessage("ai.routing.tasks.explain must be a tier: small, medium or large");
        assertThatThrownBy(() -> AiConfig.parse(json("ai: {routing: {tasks: {explian: small}}}"), k -> null))
                .isInstanceOf(AiConfigException.class)
                .hasMessageContaining("ai.routing.tasks").hasMessageContaining("unknown task 'explian'")
                .hasMessageContaining("explain");
        assertThatThrownBy(() -> AiConfig.parse(json("ai: {routing: {tasks: {explain: 3}}}"), k -> null))
                .isInstanceOf(AiConfigException.class).hasMessageContaining("ai.routing.tasks.explain must be a tier");
        assertThatThrownBy(() -> AiConfig.parse(json("ai: {routing: {tasks: [explain]}}"), k -> null))
                .isInstanceOf(AiConfigException.class).hasMessageContaining("ai.routing.tasks must be a mapping");
        assertThatThrownBy(() -> AiConfig.parse(json("ai: {routing: {task: {explain: small}}}"), k -> null))
                .isInstanceOf(AiConfigException.class).hasMessageContaining("ai.routing: task is not a known setting");
        assertThatThrownBy(() -> AiConfig.parse(json("ai: {routing: [tasks]}"), k -> null))
                .isInstanceOf(AiConfigException.class).hasMessageContaining("ai.routing must be a mapping");
        assertThat(AiConfig.parse(json("ai: {routing: {tasks: {Explain: ' Large '}}}"), k -> null).taskTiers())
                .containsEntry("Explain", " Large ");
    }

    @Test
    void detectLocalServersIsOnByDefaultAndTakesOnlyABoolean() throws Exception {
        assertThat(AiConfig.parse("{}", k -> null).detectLocalServers()).isTrue();
        assertThat(AiConfig.parse("null", k -> null).detectLocalServers()).isTrue();
        assertThat(AiConfig.parse("{\"detectLocalServers\": false}", k -> null).detectLocalServers()).isFalse();
        assertThat(AiConfig.unreadable().detectLocalServers()).as("what a mistake may have turned off stays off").isFalse();
        assertThatThrownBy(() -> AiConfig.parse("{\"detectLocalServers\": \"no\"}", k -> null))
                .isInstanceOf(AiConfigException.class).hasMessage("ai: detectLocalServers must be true or false, not text");
    }

    @Test
    void resumeSecondsIsThirtyByDefaultAndTakesAWholeNumberUpToTenMinutes() throws Exception {
        assertThat(AiConfig.parse("{}", k -> null).resumeSeconds()).isEqualTo(30);
        assertThat(AiConfig.empty().resumeSeconds()).isEqualTo(30);
        assertThat(AiConfig.parse("{\"resumeSeconds\": 0}", k -> null).resumeSeconds()).isZero();
        assertThat(AiConfig.parse("{\"resumeSeconds\": 600}", k -> null).resumeSeconds()).isEqualTo(600);
        assertThatThrownBy(() -> AiConfig.parse("{\"resumeSeconds\": 601}", k -> null))
                .isInstanceOf(AiConfigException.class).hasMessage("ai: resumeSeconds must be a whole number from 0 to 600, not 601");
        assertThatThrownBy(() -> AiConfig.parse("{\"resumeSeconds\": \"soon\"}", k -> null))
                .isInstanceOf(AiConfigException.class).hasMessageStartingWith("ai: resumeSeconds must be a whole number from 0 to 600");
    }
}
