package dev.stratus.ai.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.model.Deployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code apiKeyHeader}: the header an OpenAI-compatible server takes its key in (Azure OpenAI's
 * {@code api-key}). A value that is no header name is refused without being quoted (a key may
 * have been pasted there), and so is a header the server sets itself.
 */
class ApiKeyHeaderConfigTest {
    static final String KEY = "azure-0123456789abcdef";

    static Map<String, Object> deployment(String provider, Object header, boolean withKey) {
        Map<String, Object> d = new LinkedHashMap<>(Map.of("name", "azure", "tier", "small", "provider", provider,
                "baseUrl", "https://example.openai.azure.com/openai/deployments/gpt?api-version=2024-06-01", "model", "gpt"));
        if (withKey) {
            d.put("apiKeyEnv", "AZURE_KEY");
        }
        if (header != null) {
            d.put("apiKeyHeader", header);
        }
        return d;
    }

    static Deployment parse(Map<String, Object> deployment) throws Exception {
        String json = new ObjectMapper().writeValueAsString(Map.of("deployments", List.of(deployment)));
        return AiConfig.parse(json, name -> name.equals("AZURE_KEY") ? KEY : null).deployments().getFirst();
    }

    @Test
    void aHeaderNameIsKeptAsWritten() throws Exception {
        Deployment d = parse(deployment("openai", "api-key", true));

        assertThat(d.apiKeyHeader()).isEqualTo("api-key");
        assertThat(d.apiKey()).isEqualTo(KEY);
        assertThat(d.toString()).doesNotContain(KEY);
    }

    @Test
    void withoutOneOrNamingAuthorizationTheKeyGoesAsABearerToken() throws Exception {
        assertThat(parse(deployment("openai", null, true)).apiKeyHeader()).isNull();
        assertThat(parse(deployment("openai", "authorization", true)).apiKeyHeader()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"api key", "api-key\r\nX-Injected: 1", "api-key\n", " api-key", "api:key", "", "ключ",
        "a234567890123456789012345678901234567890123456789012345678901234567890"})
    void aValueThatIsNoHeaderNameIsRefusedWithoutQuotingIt(String header) {
        assertThatThrownBy(() -> parse(deployment("openai", header, true))).isInstanceOf(AiConfigException.class)
                .hasMessage("ai.deployments[0] (azure): apiKeyHeader must be an HTTP header name (1-64 letters, digits or "
                        + "!#$%&'*+-.^_`|~, no spaces or line breaks), not that text");
    }

    @Test
    void aValueThatIsNotTextIsRefusedSayingWhatItIs() {
        assertThatThrownBy(() -> parse(deployment("openai", List.of("api-key"), true))).isInstanceOf(AiConfigException.class)
                .hasMessageEndingWith("no spaces or line breaks), not a list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "Content-Length", "content-type", "Cookie", "Transfer-Encoding", "Connection",
        "Proxy-Authorization", "Accept"})
    void aHeaderTheServerSetsItselfIsRefused(String header) {
        assertThatThrownBy(() -> parse(deployment("openai", header, true))).isInstanceOf(AiConfigException.class)
                .hasMessage("ai.deployments[0] (azure): apiKeyHeader cannot be " + header
                        + ": that header is the server's own, not one for a key");
    }

    @Test
    void anAnthropicDeploymentOrOneWithoutAKeyHasNoUseForIt() {
        assertThatThrownBy(() -> parse(deployment("anthropic", "api-key", true))).isInstanceOf(AiConfigException.class)
                .hasMessage("ai.deployments[0] (azure): apiKeyHeader is for provider openai only (Anthropic takes its key in x-api-key)");
        assertThatThrownBy(() -> parse(deployment("openai", "api-key", false))).isInstanceOf(AiConfigException.class)
                .hasMessage("ai.deployments[0] (azure): apiKeyHeader names the header for a key, but no apiKeyEnv or apiKeyFile gives one");
    }

    @Test
    void aMisspeltSettingIsStillRefusedAndTheKnownOnesListIt() {
        Map<String, Object> d = deployment("openai", null, true);
        d.put("apiKeyHeaders", "api-key");

        assertThatThrownBy(() -> parse(d)).isInstanceOf(AiConfigException.class)
                .hasMessageContaining("apiKeyHeaders is not a known setting").hasMessageContaining("apiKeyHeader,");
    }
}
