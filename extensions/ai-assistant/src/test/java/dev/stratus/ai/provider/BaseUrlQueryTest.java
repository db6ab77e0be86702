package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.config.AiConfig;
import dev.stratus.ai.config.AiConfigException;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.RecordedRequest;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A base URL with a query (Azure's ?api-version=) keeps it at the end of every endpoint it is joined with. */
class BaseUrlQueryTest {
    static final ChatRequest HELLO = OpenAiClientTest.HELLO;

    final ScriptedUpstream upstream = ScriptedUpstream.start();
    final HttpClient http = ProviderClients.newHttpClient();
    final ProviderClients clients = new ProviderClients(http);

    @AfterEach
    void close() {
        upstream.close();
        http.close();
    }

    /** The deployment the configuration makes of {@code baseUrl}. */
    static Deployment configured(String provider, String baseUrl) throws Exception {
        String json = new ObjectMapper().writeValueAsString(Map.of("deployments", List.of(Map.of("name", "a", "tier", "small",
                "provider", provider, "baseUrl", baseUrl, "model", "scripted-model", "timeoutSeconds", 5))));
        return AiConfig.parse(json, k -> null).deployments().getFirst();
    }

    @Test
    void anOpenAiChatGoesToChatCompletionsWithTheQueryAfterIt() throws Exception {
        upstream.openAi().thenStream(Answer.text("ok"));

        clients.stream(configured("openai", upstream.openAiBaseUrl() + "/?api-version=2024-06-01"), HELLO, e -> { });

        assertThat(upstream.lastRequest().path()).isEqualTo("/v1/chat/completions?api-version=2024-06-01");
    }

    @Test
    void anAnthropicChatGoesToMessagesWithTheQueryAfterIt() throws Exception {
        upstream.anthropic().thenStream(Answer.text("ok"));

        clients.stream(configured("anthropic", upstream.anthropicBaseUrl() + "?v=1"), HELLO, e -> { });

        assertThat(upstream.lastRequest().path()).isEqualTo("/v1/messages?v=1");
    }

    @Test
    void theProbeAsksEachEndpointWithTheQuery() throws Exception {
        Deployment d = configured("openai", upstream.openAiBaseUrl() + "?api-version=2024-06-01");

        new DeploymentProbe(http, Duration.ofSeconds(1)).probe(d);

        assertThat(upstream.requests()).extracting(RecordedRequest::path)
                .contains("/v1/models?api-version=2024-06-01", "/props?api-version=2024-06-01")
                .allSatisfy(p -> assertThat(p).endsWith("?api-version=2024-06-01").doesNotContain("api-version=2024-06-01/"));
    }

    @Test
    void aQueryNeverShowsInTheDeploymentsDescription() throws Exception {
        Deployment d = configured("openai", "https://example.openai.azure.com/openai/deployments/gpt?api-version=2024-06-01&sig=abc");

        assertThat(d.baseUrl()).isEqualTo(URI.create("https://example.openai.azure.com/openai/deployments/gpt?api-version=2024-06-01&sig=abc"));
        assertThat(d.toString()).contains("https://example.openai.azure.com/openai/deployments/gpt?...").doesNotContain("sig=abc");
    }

    @Test
    void aFragmentOrCredentialsInTheBaseUrlAreRefused() {
        assertThatThrownBy(() -> configured("openai", "http://127.0.0.1:1/v1#chat")).isInstanceOf(AiConfigException.class)
                .hasMessage("ai.deployments[0] (a): baseUrl must not have a #fragment");
        assertThatThrownBy(() -> configured("openai", "http://user:sk-live-x@127.0.0.1:1/v1")).isInstanceOf(AiConfigException.class)
                .hasMessageStartingWith("ai.deployments[0] (a): baseUrl must not hold a user or password").hasMessageNotContaining("sk-live");
    }
}
