package dev.stratus.server.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the whole stack, each with its own server: a stream cut mid-answer is restarted on the
 * next deployment (an Anthropic one) with a notice, never shown as a complete answer, and kept as
 * the partial answer when the answer ends before the retry wrote any; an exhausted budget refuses
 * before anything is sent.
 */
class AiContinuityAndBudgetTest {
    @TempDir
    Path base;

    @Test
    void aStreamCutMidAnswerIsRestartedOnTheNextDeploymentWithANotice() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
                AiTestServer r = AiTestServer.start(base, """
                        ai:
                          deployments:
                            - {name: cut, tier: small, provider: openai, baseUrl: "%s", model: cut, contextTokens: 16000, tools: false}
                            - {name: claude, tier: small, provider: anthropic, baseUrl: "%s", model: claude, contextTokens: 200000, tools: false}
                        """.formatted(upstream.openAiBaseUrl(), upstream.anthropicBaseUrl()), Map.of())) {
            upstream.openAi("cut").thenCut("The first half ", "of an answer");
            upstream.anthropic("claude").thenStream("A complete ", "answer.");
            List<JsonNode> events = r.chat(Map.of("message", "fix the syntax", "task", "fix-syntax"));
            JsonNode restart = events.stream().filter(e -> e.get("method").asText().equals("ai/notice")
                    && e.get("params").get("kind").asText().equals("restart")).findFirst().orElseThrow(() ->
                    new AssertionError("no restart notice: " + events));
            assertThat(restart.get("params").get("discardedChars").asInt()).isEqualTo("The first half of an answer".length());
            JsonNode done = AiTestServer.done(events);
            assertThat(done.has("error")).as(done.toString()).isFalse();
            assertThat(done.get("route").get("deployment").asText()).isEqualTo("claude");
            // What is kept is only the complete answer, never the cut one.
            JsonNode stored = r.rpc().result("ai/conversation", Map.of("conversationId", done.get("conversationId").asText()));
            assertThat(stored.get("messages").get(1).get("text").asText()).isEqualTo("A complete answer.");
        }
    }

    /**
     * The retry after a cut stream writes nothing before the answer ends (here the user stops it
     * while it waits for a deployment to recover): the cut text is all of the answer there was,
     * so the conversation keeps it as the partial answer (the chat panel no longer shows it
     * struck through), with the restart's notice and the wait's after it.
     */
    @Test
    void aRestartWhoseRetryWritesNothingKeepsTheCutTextAsThePartialAnswer() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
                AiTestServer r = AiTestServer.start(base, """
                        ai:
                          deployments:
                            - {name: cut, tier: small, provider: openai, baseUrl: "%1$s", model: cut, contextTokens: 16000, tools: false}
                            - {name: refuses, tier: small, provider: openai, baseUrl: "%1$s", model: refuses, contextTokens: 16000, tools: false}
                        """.formatted(upstream.openAiBaseUrl()), Map.of())) {
            String cut = "The first half of an answer";
            upstream.openAi("cut").thenCut("The first half ", "of an answer");
            upstream.openAi("refuses").thenJson(400, "{\"error\": {\"message\": \"messages[0] is not valid\", \"type\": \"invalid_request_error\"}}");
            String requestId = r.rpc().result("ai/chat", Map.of("message", "fix the syntax", "task", "fix-syntax")).get("requestId").asText();
            List<String> kinds = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (!kinds.contains("waiting") && System.currentTimeMillis() < deadline) {
                JsonNode n = r.rpc().nextNotification(deadline - System.currentTimeMillis());
                if (n != null && requestId.equals(n.path("params").path("requestId").asText()) && n.get("method").asText().equals("ai/notice")) {
                    kinds.add(n.get("params").get("kind").asText());
                }
            }
            assertThat(kinds).containsExactly("restart", "waiting");
            r.rpc().result("ai/cancel", Map.of("requestId", requestId));
            JsonNode done = AiTestServer.done(r.events(requestId));
            assertThat(done.get("error").get("code").asInt()).as(done.toString()).isEqualTo(1011);

            JsonNode answer = r.rpc().result("ai/conversation", Map.of("conversationId", done.get("conversationId").asText()))
                    .get("messages").get(1);
            assertThat(answer.get("text").asText()).isEqualTo(cut + "\n\n*Stopped before the answer was finished.*");
            List<String> notices = new ArrayList<>();
            answer.get("notices").forEach(n -> notices.add(n.get("kind").asText() + " @" + n.get("at").asInt()));
            assertThat(notices).containsExactly("restart @" + cut.length(), "waiting @" + cut.length());
        }
    }

    @Test
    void aRequestTooLargeForTheSmallTiersContextGoesOneTierUpRecordedAsAnEscalation() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
                AiTestServer r = AiTestServer.start(base, """
                        ai:
                          deployments:
                            - {name: tiny, tier: small, provider: openai, baseUrl: "%1$s", model: tiny, contextTokens: 16000, tools: false}
                            - {name: roomy, tier: medium, provider: openai, baseUrl: "%1$s", model: roomy, contextTokens: 128000, tools: false}
                        """.formatted(upstream.openAiBaseUrl()), Map.of())) {
            // The context the deployment reported was wrong (a smaller model was loaded meanwhile).
            upstream.openAi("tiny").thenJson(400, """
                    {"error": {"message": "This model's maximum context length is 4096 tokens", "type": "invalid_request_error",
                     "code": "context_length_exceeded"}}""");
            upstream.openAi("roomy").thenStream("Fixed.");
            List<JsonNode> events = r.chat(Map.of("message", "fix the syntax", "task", "fix-syntax"));
            JsonNode done = AiTestServer.done(events);
            assertThat(done.has("error")).as(done.toString()).isFalse();
            assertThat(done.get("route").get("tier").asText()).isEqualTo("medium");
            assertThat(done.get("route").get("reasons").toString()).contains("escalated small -> medium: context overflow");
            assertThat(events).anySatisfy(e -> assertThat(e.get("params").path("message").asText()).contains("does not fit the context of tiny"));
        }
    }

    @Test
    void anExhaustedBudgetRefusesBeforeAnythingIsSent() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
                AiTestServer r = AiTestServer.start(base, """
                        ai:
                          deployments:
                            - {name: small, tier: small, provider: openai, baseUrl: "%s", model: small, contextTokens: 16000, tools: false}
                          governance:
                            budgets: {period: daily, userTokens: 200}
                        """.formatted(upstream.openAiBaseUrl()), Map.of())) {
            // Less than the prompt and the least answer worth a call: what remains of a larger budget is used up instead.
            List<JsonNode> events = r.chat(Map.of("message", "write a commit message", "task", "commit-message"));
            JsonNode error = AiTestServer.done(events).get("error");
            assertThat(error.get("code").asInt()).isEqualTo(1010);
            assertThat(error.get("message").asText()).contains("of 200 tokens");
            assertThat(upstream.chatRequests()).isEmpty();
        }
    }

    @Test
    void whenRedactionCannotFinishTheRequestIsBlockedAndNothingLeaves() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
                AiTestServer r = AiTestServer.start(base, """
                        ai:
                          deployments:
                            - {name: small, tier: small, provider: openai, baseUrl: "%s", model: small, contextTokens: 16000, tools: false}
                          governance:
                            redaction:
                              timeoutMillis: 200
                              extraPatterns: [{kind: runaway, regex: '((x+)\\2?)+y'}]
                        """.formatted(upstream.openAiBaseUrl()), Map.of())) {
            // Backtracking the regex engine cannot shortcut: redaction cannot finish within its bound.
            String hostile = "x".repeat(40) + "!";
            List<JsonNode> events = r.chat(Map.of("message", "write a commit message for " + hostile, "task", "commit-message"));
            JsonNode error = AiTestServer.done(events).get("error");
            assertThat(error.get("code").asInt()).as(error.toString()).isEqualTo(1005);
            assertThat(error.get("message").asText()).startsWith("Not sent");
            assertThat(upstream.chatRequests()).isEmpty();
        }
    }
}
