package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.config.AiConfig;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.RecordedRequest;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Azure OpenAI takes the key in an {@code api-key} header, not {@code Authorization: Bearer}: a
 * deployment configured so sends it there, and only there, on its calls and on every probe.
 */
class ApiKeyHeaderTest {
    static final String KEY = "azure-0123456789abcdef";
    static final ChatRequest HELLO = OpenAiClientTest.HELLO;

    final ScriptedUpstream upstream = ScriptedUpstream.start();
    final HttpClient http = ProviderClients.newHttpClient();
    final ProviderClients clients = new ProviderClients(http);

    @AfterEach
    void close() {
        upstream.close();
        http.close();
    }

    /** The deployment the configuration makes, Azure-style: its key from the environment, in {@code header} when one is set. */
    Deployment configured(String header) throws Exception {
        Map<String, Object> d = new LinkedHashMap<>(Map.of("name", "azure", "tier", "small", "provider", "openai",
                "baseUrl", upstream.openAiBaseUrl() + "?api-version=2024-06-01", "model", "scripted-model",
                "apiKeyEnv", "AZURE_KEY", "timeoutSeconds", 5));
        if (header != null) {
            d.put("apiKeyHeader", header);
        }
        String json = new ObjectMapper().writeValueAsString(Map.of("deployments", List.of(d)));
        return AiConfig.parse(json, name -> name.equals("AZURE_KEY") ? KEY : null).deployments().getFirst();
    }

    @Test
    void aChatSendsTheKeyInTheConfiguredHeaderAndNoAuthorization() throws Exception {
        upstream.openAi().thenStream(Answer.text("ok"));

        clients.stream(configured("api-key"), HELLO, e -> { });

        RecordedRequest r = upstream.lastRequest();
        assertThat(r.path()).isEqualTo("/v1/chat/completions?api-version=2024-06-01");
        assertThat(r.header("api-key")).isEqualTo(KEY);
        assertThat(r.header("authorization")).isNull();
    }

    @Test
    void everyProbeSendsTheKeyInTheConfiguredHeaderAndNoAuthorization() throws Exception {
        upstream.openAi().thenJson(200, "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"OK\"},"
                + "\"finish_reason\":\"stop\"}]}");

        ProbeResult r = new DeploymentProbe(http, Duration.ofSeconds(2)).probe(configured("api-key"));

        assertThat(r.tools()).isTrue();
        assertThat(upstream.requests()).extracting(RecordedRequest::path)
                .contains("/v1/models?api-version=2024-06-01", "/v1/chat/completions?api-version=2024-06-01");
        assertThat(upstream.requests()).allSatisfy(q -> {
            assertThat(q.header("api-key")).as(q.path()).isEqualTo(KEY);
            assertThat(q.header("authorization")).as(q.path()).isNull();
        });
    }

    @Test
    void withoutAHeaderConfiguredTheKeyIsABearerToken() throws Exception {
        upstream.openAi().thenStream(Answer.text("ok"));

        clients.stream(configured(null), HELLO, e -> { });

        assertThat(upstream.lastRequest().header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(upstream.lastRequest().header("api-key")).isNull();
    }
}
