package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The assistant's meters are served by the server's {@code /metrics}, to administrators only,
 * failed model calls counted with their outcome; the assistant serves no meters route of its own.
 */
class AiMetricsRouteTest {
    @RegisterExtension
    final AiServerFixture ai = AiServerFixture.with(deployment("small", "small", "small", 16000)).rateLimit(1000);

    @Test
    void theMetersAreOnlyInTheServersMetricsWithFailedCallsCounted() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            ai.upstream().openAi("small").thenStatus(401);
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
