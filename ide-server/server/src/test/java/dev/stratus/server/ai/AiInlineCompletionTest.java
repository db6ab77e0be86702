package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.auditLines;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.awaitAuditRecord;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.upstreamCompletions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ai/complete}, the editor's inline completion: a text completion of the code around the
 * cursor through the gateway's run (small tier, redaction, audit record {@code completion}), its
 * whole text as one {@code ai/delta}, then {@code ai/done}; cancellable, and stopped by the next.
 */
class AiInlineCompletionTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(
                    deployment("coder", "small", "coder", 16000),
                    deployment("chat-only", "medium", "chat-only", 32000).withoutCompletions())
            .rateLimit(1000).userTokens(1_000_000);

    static String complete(String prefix, String suffix) throws Exception {
        return ai.rpc().result("ai/complete", suffix == null ? Map.of("prefix", prefix) : Map.of("prefix", prefix, "suffix", suffix))
                .get("requestId").asText();
    }

    static String text(List<JsonNode> events) {
        return AiUnfinishedOutcomesTest.text(events);
    }

    /** Waits until the upstream has been asked {@code count} text completions in all. */
    static void awaitUpstreamCompletions(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (upstreamCompletions(ai).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the upstream was asked " + upstreamCompletions(ai).size() + " completions, not " + count);
            }
            Thread.sleep(10);
        }
    }

    /** Requests that asked a model (chat or text completions), not the background probes' GET /models. */
    static int modelCalls() {
        return (int) ai.upstream().requests().stream().filter(r -> r.path().endsWith("completions")).count();
    }

    @Test
    void theCodeAroundTheCursorIsCompletedOnTheSmallTierAndAudited() throws Exception {
        ai.upstream().openAiCompletions().thenStream("a + ", "b;");
        int before = auditLines(ai);

        List<JsonNode> events = ai.events(complete("function add(a, b) {\n  return ", "\n}\n"));

        assertThat(events).extracting(e -> e.get("method").asText()).containsExactly("ai/delta", "ai/done");
        assertThat(text(events)).isEqualTo("a + b;");
        JsonNode done = AiTestServer.done(events);
        assertThat(done.has("error")).as(done.toString()).isFalse();
        assertThat(done.get("route").get("deployment").asText()).isEqualTo("coder");
        assertThat(done.get("route").get("tier").asText()).isEqualTo("small");
        JsonNode sent = upstreamCompletions(ai).getLast().json();
        assertThat(sent.get("prompt").asText()).isEqualTo("function add(a, b) {\n  return ");
        assertThat(sent.get("suffix").asText()).isEqualTo("\n}\n");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(128);
        assertThat(sent.get("stop").toString()).isEqualTo("[\"\\n\\n\\n\"]");
        JsonNode record = awaitAuditRecord(ai, "completion", before);
        assertThat(record.get("outcome").asText()).isEqualTo("ok");
        assertThat(record.get("deployment").asText()).isEqualTo("coder");
    }

    @Test
    void eachCompletionLeavesOneSmallRecordWithoutItsCode() throws Exception {
        ai.upstream().openAiCompletions().thenStream("total + 1;");
        int before = auditLines(ai);
        String code = "int filler = 0;\n".repeat(400) + "return ";

        ai.events(complete(code, "\n}\n"));

        JsonNode record = awaitAuditRecord(ai, "completion", before);
        assertThat(record.has("prompt")).as("no prompt without auditPrompts").isFalse();
        assertThat(record.toString()).doesNotContain("filler", "total + 1");
        assertThat(record.toString().length()).as(record.toString()).isLessThan(600);
    }

    @Test
    void onlyTheLinesNearestTheCursorAreSent() throws Exception {
        ai.upstream().openAiCompletions().thenStream("x");
        String line = "int filler = 0; // ".repeat(3) + "\n";
        String prefix = line.repeat(1000) + "int last = ";
        String suffix = ";\n" + line.repeat(1000);

        ai.events(complete(prefix, suffix));

        JsonNode sent = upstreamCompletions(ai).getLast().json();
        String prompt = sent.get("prompt").asText();
        assertThat(prompt.length()).isBetween(8_000 - line.length(), 8_000);
        assertThat(prefix).endsWith(prompt);
        assertThat(prompt).startsWith("int filler").endsWith("int last = ");
        String sentSuffix = sent.get("suffix").asText();
        assertThat(sentSuffix.length()).isBetween(2_000 - line.length(), 2_000);
        assertThat(suffix).startsWith(sentSuffix);
        assertThat(sentSuffix).startsWith(";\n").endsWith("// ");
    }

    @Test
    void aSecretInThePrefixOrSuffixNeverReachesTheModel() throws Exception {
        String token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
        ai.upstream().openAiCompletions().thenStream(");");
        int before = auditLines(ai);

        List<JsonNode> events = ai.events(complete("const token = \"" + token + "\";\nfetch(url, token", "\n// " + token + "\n"));

        assertThat(text(events)).isEqualTo(");");
        RecordedRequest sent = upstreamCompletions(ai).getLast();
        assertThat(sent.body()).doesNotContain(token);
        assertThat(sent.json().get("prompt").asText()).contains("[REDACTED:");
        assertThat(sent.json().get("suffix").asText()).contains("[REDACTED:");
        assertThat(awaitAuditRecord(ai, "completion", before).get("redactions").toString()).contains("github");
    }

    @Test
    void aCompletionHoldingAPlaceholderIsNotOffered() throws Exception {
        ai.upstream().openAiCompletions().thenStream("\"[REDACTED:", "github-token]\";");

        List<JsonNode> events = ai.events(complete("const other = ", null));

        assertThat(events).extracting(e -> e.get("method").asText()).containsExactly("ai/done");
        assertThat(AiTestServer.done(events).has("error")).isFalse();
    }

    @Test
    void aCancelledCompletionEndsCancelledAndIsRecordedSo() throws Exception {
        ai.upstream().openAiCompletions().thenHang();
        int asked = upstreamCompletions(ai).size();
        int before = auditLines(ai);
        String requestId = complete("int x = ", ";\n");
        awaitUpstreamCompletions(asked + 1);

        ai.rpc().result("ai/cancel", Map.of("requestId", requestId));

        JsonNode done = AiTestServer.done(ai.events(requestId));
        assertThat(done.get("error").get("code").asInt()).isEqualTo(1011);
        assertThat(awaitAuditRecord(ai, "completion", "error:cancelled", before)).isNotNull();
    }

    @Test
    void theNextCompletionStopsTheOneBefore() throws Exception {
        ai.upstream().openAiCompletions().thenHang().thenStream("42;");
        int asked = upstreamCompletions(ai).size();
        String first = complete("int x = ", null);
        awaitUpstreamCompletions(asked + 1);

        String second = complete("int x = 4", null);

        assertThat(AiTestServer.done(ai.events(first)).get("error").get("code").asInt()).isEqualTo(1011);
        List<JsonNode> events = ai.events(second);
        assertThat(text(events)).isEqualTo("42;");
        assertThat(AiTestServer.done(events).has("error")).isFalse();
    }

    @Test
    void aRequestWithoutAPrefixIsInvalidAndNothingIsAsked() throws Exception {
        int calls = modelCalls();

        assertThat(ai.rpc().errorCode("ai/complete", Map.of("suffix", "}"))).isEqualTo(-32602);
        assertThat(ai.rpc().errorCode("ai/complete", Map.of())).isEqualTo(-32602);

        assertThat(modelCalls()).isEqualTo(calls);
    }
}
