package dev.stratus.server.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.testing.ScriptedUpstream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assistant's meters are served by the server's {@code /metrics}, to administrators only,
 * failed model calls counted with their outcome; the assistant serves no meters route of its own.
 */
class AiMetricsRouteTest {
    @TempDir
    Path base;

    @Test
    void theMetersAreOnlyInTheServersMetricsWithFailedCallsCounted() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start(); HttpClient http = HttpClient.newHttpClient();
             AiTestServer ai = AiTestServer.start(base, """
                     ai:
                       deployments:
                         - {name: small, tier: small, provider: openai, baseUrl: "%s", model: small, contextTokens: 16000, tools: false}
                       governance:
                         rateLimit: {requestsPerMinute: 1000}
                     """.formatted(upstream.openAiBaseUrl()), Map.of())) {
            upstream.openAi("small").thenStatus(401);
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                    .header("Authorization", AiTestServer.AUTH.get("Authorization")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"stratus/small\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);

            for (String path : new String[] {"/v1/metrics", "/api/ext/ai-assistant/metrics"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve(path))
                        .header("Authorization", AiTestServer.AUTH.get("Authorization")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                assertThat(r.body()).as(path).doesNotContain("stratus_ai_");
            }
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/metrics"))
                    .header("Authorization", AiTestServer.AUTH.get("Authorization")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("stratus_ai_requests_total{deployment=\"small\",outcome=\"error:auth\",tier=\"small\"} 1.0");
        }
    }
}
