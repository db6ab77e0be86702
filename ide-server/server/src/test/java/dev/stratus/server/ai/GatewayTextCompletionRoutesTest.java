package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.anthropic;
import static dev.stratus.server.ai.AiServerFixture.deployment;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.awaitAuditRecord;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.auditLines;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.events;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.json;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.post;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.upstreamCompletions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where a text completion ({@code POST /v1/completions}) goes when its tier cannot take it: past
 * a tier of Anthropic deployments (whose API has no completions), past a rate-limited deployment,
 * and nowhere when the user's budget cannot hold it.
 */
class GatewayTextCompletionRoutesTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(
                    anthropic("claude-small", "small", "claude-small", 200000),
                    deployment("coder-m", "medium", "coder-m", 32000),
                    deployment("big-a", "large", "big-a", 64000),
                    deployment("big-b", "large", "big-b", 64000))
            .rateLimit(1000).userTokens(3000);

    @Test
    void aSmallTierOfAnthropicDeploymentsIsPassedOverForTheNearestThatServesCompletions() throws Exception {
        ai.upstream().openAiCompletions("coder-m").thenStream("b;");
        int calls = ai.upstream().requests().size();

        HttpResponse<String> r = post(ai, """
                {"model": "stratus/auto", "prompt": "a = ", "suffix": "\\n", "max_tokens": 8, "stream": false}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("choices").get(0).get("text").asText()).isEqualTo("b;");
        assertThat(json(r).get("stratus").get("deployment").asText()).isEqualTo("coder-m");
        assertThat(ai.upstream().requests().subList(calls, ai.upstream().requests().size()))
                .noneMatch(q -> q.path().endsWith("/v1/messages"));
    }

    @Test
    void aRateLimitedDeploymentIsLeftForTheNextOfItsTier() throws Exception {
        ai.upstream().openAiCompletions("big-a").thenStatus(429, Map.of("Retry-After", "30"));
        ai.upstream().openAiCompletions("big-b").thenStream("x", "y");

        HttpResponse<String> r = post(ai, """
                {"model": "stratus/large", "prompt": "let ", "suffix": " = 1;", "max_tokens": 16, "stream": true,
                 "stream_options": {"include_usage": true}}""");

        List<JsonNode> events = events(r);
        JsonNode last = events.get(events.size() - 2);
        assertThat(last.get("stratus").get("deployment").asText()).isEqualTo("big-b");
        assertThat(last.get("stratus").get("fallbacks").toString()).contains("big-a");
        assertThat(events.getLast().get("usage").get("total_tokens").asInt()).isPositive();
        assertThat(events.stream().map(e -> e.path("choices").path(0).path("text").asText("")).reduce("", String::concat))
                .isEqualTo("xy");
        assertThat(upstreamCompletions(ai).stream().map(q -> q.json().get("model").asText())).containsSubsequence("big-a", "big-b");
    }

    @Test
    void aCompletionTheBudgetCannotHoldIsRefusedBeforeAnyCall() throws Exception {
        int calls = ai.upstream().requests().size();
        int before = auditLines(ai);

        HttpResponse<String> r = post(ai, """
                {"model": "stratus/large", "prompt": "%s", "suffix": "}", "max_tokens": 64, "stream": true}"""
                .formatted("int x = 1;\\n".repeat(2000)));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(json(r).get("error").get("code").asText()).isEqualTo("insufficient_quota");
        assertThat(r.headers().firstValue("X-Should-Retry")).hasValue("false");
        assertThat(ai.upstream().requests()).hasSize(calls);
        assertThat(awaitAuditRecord(ai, "completion", "refused:budget", before).get("tier").asText()).isEqualTo("large");
    }
}
