package dev.stratus.server.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.server.app.ServeOptions;
import dev.stratus.server.app.StratusServer;
import dev.stratus.server.extension.ExtensionConfig;
import dev.stratus.server.lsp.LspConfig;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.terminal.TerminalConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the whole stack, each with its own server: a stream cut mid-answer is restarted on the
 * next deployment (an Anthropic one) with a notice, never shown as a complete answer; an
 * exhausted budget refuses before anything is sent.
 */
class AiContinuityAndBudgetTest {
    static final String TOKEN = "ai-stack-token-0123456789abcdef0123456789";

    @TempDir
    Path base;

    private record Running(StratusServer server, RpcClient rpc) implements AutoCloseable {
        @Override
        public void close() {
            rpc.close();
            server.close();
        }
    }

    private Running start(String aiYaml) throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        Files.copy(Path.of(dev.stratus.ai.AiAssistantExtension.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                builtIn.resolve("ai-assistant.jar"));
        Path config = Files.writeString(base.resolve("stratus.yaml"), aiYaml);
        Path workspace = Files.createDirectories(base.resolve("ws"));
        Path data = Files.createDirectories(base.resolve("data"));
        Path web = Files.createDirectories(base.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html>");
        StratusServer server = StratusServer.start(new ServeOptions(workspace, "127.0.0.1", 0, data, web, List.of(), List.of(), false),
                TOKEN, TerminalConfig.defaults(), LspConfig.defaults(),
                new ExtensionConfig(builtIn, ExtensionConfig.installDirOf(data), Duration.ofSeconds(30), config));
        String ws = server.awaitState().opened().orElseThrow().id();
        RpcClient rpc = RpcClient.connect(URI.create("ws://" + server.baseUri().getHost() + ":" + server.baseUri().getPort()
                + "/api/workspaces/" + ws + "/rpc"), Map.of("Authorization", "Bearer " + TOKEN));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!rpc.result("ai/status", Map.of()).path("configured").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the assistant did not start");
            }
            Thread.sleep(100);
        }
        return new Running(server, rpc);
    }

    private static List<JsonNode> chat(RpcClient rpc, Map<String, Object> params) throws Exception {
        String requestId = rpc.result("ai/chat", params).get("requestId").asText();
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode n = rpc.nextNotification(deadline - System.currentTimeMillis());
            if (n != null && requestId.equals(n.path("params").path("requestId").asText())) {
                events.add(n);
                if (n.get("method").asText().equals("ai/done")) {
                    return events;
                }
            }
        }
        throw new AssertionError("no ai/done; got " + events);
    }

    @Test
    void aStreamCutMidAnswerIsRestartedOnTheNextDeploymentWithANotice() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
                Running r = start("""
                        ai:
                          deployments:
                            - {name: cut, tier: small, provider: openai, baseUrl: "%s", model: cut, contextTokens: 16000, tools: false}
                            - {name: claude, tier: small, provider: anthropic, baseUrl: "%s", model: claude, contextTokens: 200000, tools: false}
                        """.formatted(upstream.openAiBaseUrl(), upstream.anthropicBaseUrl()))) {
            upstream.openAi("cut").thenCut("The first half ", "of an answer");
            upstream.anthropic("claude").thenStream("A complete ", "answer.");
            List<JsonNode> events = chat(r.rpc(), Map.of("message", "fix the syntax", "task", "fix-syntax"));
            JsonNode restart = events.stream().filter(e -> e.get("method").asText().equals("ai/notice")
                    && e.get("params").get("kind").asText().equals("restart")).findFirst().orElseThrow(() ->
                    new AssertionError("no restart notice: " + events));
            assertThat(restart.get("params").get("discardedChars").asInt()).isEqualTo("The first half of an answer".length());
            JsonNode done = events.get(events.size() - 1).get("params");
            assertThat(done.has("error")).as(done.toString()).isFalse();
            assertThat(done.get("route").get("deployment").asText()).isEqualTo("claude");
            // What is kept is only the complete answer, never the cut one.
            JsonNode stored = r.rpc().result("ai/conversation", Map.of("conversationId", done.get("conversationId").asText()));
            assertThat(stored.get("messages").get(1).get("text").asText()).isEqualTo("A complete answer.");
        }
    }

    @Test
    void anExhaustedBudgetRefusesBeforeAnythingIsSent() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
                Running r = start("""
                        ai:
                          deployments:
                            - {name: small, tier: small, provider: openai, baseUrl: "%s", model: small, contextTokens: 16000, tools: false}
                          governance:
                            budgets: {period: daily, userTokens: 500}
                        """.formatted(upstream.openAiBaseUrl()))) {
            List<JsonNode> events = chat(r.rpc(), Map.of("message", "write a commit message", "task", "commit-message"));
            JsonNode error = events.get(events.size() - 1).get("params").get("error");
            assertThat(error.get("code").asInt()).isEqualTo(1010);
            assertThat(error.get("message").asText()).contains("500");
            assertThat(upstream.requests()).isEmpty();
        }
    }

    @Test
    void whenRedactionCannotFinishTheRequestIsBlockedAndNothingLeaves() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
                Running r = start("""
                        ai:
                          deployments:
                            - {name: small, tier: small, provider: openai, baseUrl: "%s", model: small, contextTokens: 16000, tools: false}
                          governance:
                            redaction:
                              timeoutMillis: 200
                              extraPatterns: [{kind: runaway, regex: '((x+)\\2?)+y'}]
                        """.formatted(upstream.openAiBaseUrl()))) {
            // Backtracking the regex engine cannot shortcut: redaction cannot finish within its bound.
            String hostile = "x".repeat(40) + "!";
            List<JsonNode> events = chat(r.rpc(), Map.of("message", "write a commit message for " + hostile, "task", "commit-message"));
            JsonNode error = events.get(events.size() - 1).get("params").get("error");
            assertThat(error.get("code").asInt()).as(error.toString()).isEqualTo(1005);
            assertThat(error.get("message").asText()).startsWith("Not sent");
            assertThat(upstream.requests()).isEmpty();
        }
    }
}
