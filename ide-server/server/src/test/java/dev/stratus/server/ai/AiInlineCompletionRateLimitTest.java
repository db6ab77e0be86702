package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Completions, asked for at nearly every pause in typing, have an allowance of their own
 * ({@code rateLimit.completionsPerMinute}): spending it refuses the next completion with the
 * wait, and leaves the user's chat and edits ({@code requestsPerMinute}) untouched.
 */
class AiInlineCompletionRateLimitTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("coder", "small", "coder", 16000))
            .rateLimit(2, 4).userTokens(1_000_000);

    @Test
    void aBurstOfCompletionsOverTheirAllowanceLeavesChatAnswered() throws Exception {
        for (int i = 0; i < 3; i++) {
            ai.upstream().openAiCompletions().thenStream("x" + i + ";");
            String requestId = ai.rpc().result("ai/complete", Map.of("prefix", "int x = ", "suffix", "\n")).get("requestId").asText();
            JsonNode done = AiTestServer.done(ai.events(requestId));
            assertThat(done.has("error")).as(done.toString()).isFalse();
        }
        ai.upstream().openAiCompletions().thenStream("y;");
        HttpResponse<String> gateway = GatewayTextCompletionsTest.post(ai, "{\"prompt\": \"int y = \", \"max_tokens\": 8}");
        assertThat(gateway.statusCode()).as("the 4th completion, through the gateway: " + gateway.body()).isEqualTo(200);
        int asked = GatewayTextCompletionsTest.upstreamCompletions(ai).size();

        String refused = ai.rpc().result("ai/complete", Map.of("prefix", "int z = ")).get("requestId").asText();

        JsonNode done = AiTestServer.done(ai.events(refused));
        assertThat(done.get("error").get("code").asInt()).as(done.toString()).isEqualTo(1010);
        assertThat(done.get("error").get("message").asText()).contains("completions");
        assertThat(done.get("error").get("retryAfterSeconds").asLong()).isBetween(1L, 60L);
        assertThat(GatewayTextCompletionsTest.upstreamCompletions(ai)).hasSize(asked);

        for (int i = 0; i < 2; i++) {
            ai.upstream().openAi().thenStream("Answer " + i);
            String chat = ai.rpc().result("ai/chat", Map.of("message", "explain line " + i)).get("requestId").asText();
            List<JsonNode> events = ai.events(chat);
            JsonNode answered = AiTestServer.done(events);
            assertThat(answered.has("error")).as("chat " + i + " after the completions: " + answered).isFalse();
            assertThat(AiInlineCompletionTest.text(events)).isEqualTo("Answer " + i);
        }
    }
}
