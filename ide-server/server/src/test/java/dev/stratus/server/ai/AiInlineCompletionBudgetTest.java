package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.auditLines;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.awaitAuditRecord;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An inline completion is held to the user's token budget like any request: past it, RateLimited and no model asked. */
class AiInlineCompletionBudgetTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("coder", "small", "coder", 16000))
            .rateLimit(1000).userTokens(50);

    /** Requests that asked a model (chat or text completions), not the background probes' GET /models. */
    static int modelCalls() {
        return (int) ai.upstream().requests().stream().filter(r -> r.path().endsWith("completions")).count();
    }

    @Test
    void aCompletionPastTheBudgetIsRefusedBeforeTheModelIsAsked() throws Exception {
        int calls = modelCalls();
        int before = auditLines(ai);

        String requestId = ai.rpc().result("ai/complete", Map.of("prefix", "int x = ", "suffix", ";\n")).get("requestId").asText();
        List<JsonNode> events = ai.events(requestId);

        assertThat(events).extracting(e -> e.get("method").asText()).containsExactly("ai/done");
        JsonNode done = AiTestServer.done(events);
        assertThat(done.get("error").get("code").asInt()).isEqualTo(1010);
        assertThat(done.get("error").get("message").asText()).containsIgnoringCase("budget");
        assertThat(modelCalls()).isEqualTo(calls);
        assertThat(awaitAuditRecord(ai, "completion", "refused:budget", before)).isNotNull();
    }
}
