package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.json;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A deployment whose server answers 404 or 405 on {@code /completions} serves no text
 * completions: it is remembered, so later completions go straight to one that serves them (and
 * none is asked when none does), and {@code ai/status} tells it. Its chat is not concerned. Each
 * test has a server of its own: what is remembered lasts as long as the server.
 */
class AiCompletionsUnservedTest {
    @RegisterExtension
    final AiServerFixture ai = AiServerFixture.with(
                    deployment("no-fim", "small", "no-fim", 16000),
                    deployment("coder", "small", "coder", 16000))
            .rateLimit(1000).userTokens(1_000_000);

    List<String> completionsAsked() {
        return GatewayTextCompletionsTest.upstreamCompletions(ai).stream().map(r -> r.json().get("model").asText()).toList();
    }

    JsonNode complete(String prefix) throws Exception {
        String requestId = ai.rpc().result("ai/complete", Map.of("prefix", prefix, "suffix", "\n")).get("requestId").asText();
        return AiTestServer.done(ai.events(requestId));
    }

    @Test
    void aDeploymentWithoutCompletionsIsPassedOverFromThenOn() throws Exception {
        ai.upstream().openAiCompletions("no-fim").thenStatus(404, Map.of(), "{\"detail\":\"Not Found\"}");
        ai.upstream().openAiCompletions("coder").thenStream("1;").thenStream("2;").thenStream("3;");

        JsonNode first = complete("int a = ");
        assertThat(first.has("error")).as(first.toString()).isFalse();
        assertThat(first.get("route").get("deployment").asText()).isEqualTo("coder");
        assertThat(completionsAsked()).containsExactly("no-fim", "coder");

        for (String prefix : List.of("int b = ", "int c = ")) {
            JsonNode later = complete(prefix);
            assertThat(later.has("error")).as(later.toString()).isFalse();
            assertThat(later.get("route").get("deployment").asText()).isEqualTo("coder");
        }
        assertThat(completionsAsked()).as("no-fim is not asked again").containsExactly("no-fim", "coder", "coder", "coder");

        JsonNode noFim = null;
        for (JsonNode d : ai.rpc().result("ai/status", Map.of()).get("deployments")) {
            if (d.get("name").asText().equals("no-fim")) {
                noFim = d;
            }
        }
        assertThat(noFim).isNotNull();
        assertThat(noFim.get("state").asText()).isEqualTo("ready");
        assertThat(noFim.get("problem").asText()).contains("serves no text completions (HTTP 404 for POST /completions)");

        ai.upstream().openAi("no-fim").thenStream("Its chat still answers");
        String chat = ai.rpc().result("ai/chat", Map.of("message", "hi")).get("requestId").asText();
        List<JsonNode> events = ai.events(chat);
        JsonNode done = AiTestServer.done(events);
        assertThat(done.has("error")).as(done.toString()).isFalse();
        assertThat(done.get("route").get("deployment").asText()).isEqualTo("no-fim");
    }

    @Test
    void aServerWithoutCompletionsIsNamedNotAnsweredEmpty() throws Exception {
        ai.upstream().openAiCompletions("no-fim").thenStatus(404, Map.of(), "{\"error\":{\"message\":\"Not Found\"}}");
        ai.upstream().openAiCompletions("coder").thenStatus(405, Map.of(), "{\"detail\":\"Method Not Allowed\"}");

        HttpResponse<String> r = post(ai, """
                {"model": "stratus/small", "prompt": "a", "suffix": "b", "stream": true}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        String message = json(r).get("error").get("message").asText();
        assertThat(message).contains("no-fim", "coder").contains("does not serve text completions");
        assertThat(ai.upstream().unusedSteps()).as("both deployments were asked").isZero();

        HttpResponse<String> again = post(ai, """
                {"model": "stratus/small", "prompt": "a", "suffix": "b", "stream": true}""");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(400);
        assertThat(json(again).get("error").get("message").asText())
                .contains("no-fim: serves no text completions (HTTP 404", "coder: serves no text completions (HTTP 405");
        assertThat(ai.rpc().errorCode("ai/complete", Map.of("prefix", "x"))).as("the editor takes it for off").isEqualTo(1001);
        assertThat(completionsAsked()).hasSize(2);
    }
}
