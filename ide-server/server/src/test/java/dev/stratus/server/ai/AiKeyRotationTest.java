package dev.stratus.server.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.RecordedRequest;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the whole server: a deployment's key comes from {@code apiKeyFile}, which is rotated
 * (rewritten, the old key revoked) again and again while the server runs. The gateway's chat and
 * text completions, the in-IDE chat and the editor's inline completion each go on with the new
 * key, unnoticed, one upstream request more each; no key is ever in ai/status or the audit log.
 */
class AiKeyRotationTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path base;

    static String key(int n) {
        return "sk-rotated-" + n + "-0123456789abcdefROTATED";
    }

    /** The keys the model requests carried, in order. */
    static List<String> keysSent(ScriptedUpstream upstream) {
        return upstream.chatRequests().stream().map(r -> r.header("authorization").substring("Bearer ".length())).toList();
    }

    void rotate(ScriptedUpstream upstream, Path file, int n) throws Exception {
        Files.writeString(file, key(n) + "\n");
        upstream.acceptOnlyKey(key(n));
    }

    static HttpResponse<String> post(AiTestServer r, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(r.server().baseUri().resolve(path))
                .header("Authorization", "Bearer " + AiTestServer.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyWayToTheModelGoesOnWithTheRotatedKeyWithoutARestart() throws Exception {
        Path file = Files.writeString(base.resolve("key"), key(1) + "\n");
        try (ScriptedUpstream upstream = ScriptedUpstream.start()) {
            upstream.acceptOnlyKey(key(1)).models("{\"data\":[{\"id\":\"coder\"}]}");
            try (AiTestServer r = AiTestServer.start(Files.createDirectories(base.resolve("server")), """
                    ai:
                      deployments:
                        - {name: coder, tier: small, provider: openai, baseUrl: "%s", model: coder, contextTokens: 16000,
                           tools: false, apiKeyFile: "%s"}
                    """.formatted(upstream.openAiBaseUrl(), file), Map.of())) {
                awaitProbe(upstream);

                rotate(upstream, file, 2);
                upstream.openAi().thenStream("Hello");
                HttpResponse<String> gateway = post(r, "/v1/chat/completions", """
                        {"model": "stratus/small", "messages": [{"role": "user", "content": "hi"}]}""");
                assertThat(gateway.statusCode()).as(gateway.body()).isEqualTo(200);
                assertThat(gateway.body()).contains("Hello");
                assertThat(keysSent(upstream)).containsExactly(key(1), key(2));

                rotate(upstream, file, 3);
                upstream.openAi().thenStream("Fix the parser");
                List<JsonNode> events = r.chat(Map.of("message", "write a commit message", "task", "commit-message"));
                JsonNode done = AiTestServer.done(events);
                assertThat(done.has("error")).as(done.toString()).isFalse();
                assertThat(events).extracting(e -> e.get("method").asText()).doesNotContain("ai/notice");
                assertThat(keysSent(upstream)).containsExactly(key(1), key(2), key(2), key(3));

                rotate(upstream, file, 4);
                upstream.openAiCompletions().thenStream("a + b;");
                List<JsonNode> completion = r.events(r.rpc().result("ai/complete",
                        Map.of("prefix", "function add(a, b) {\n  return ", "suffix", "\n}\n")).get("requestId").asText());
                assertThat(AiTestServer.done(completion).has("error")).as(completion.toString()).isFalse();
                assertThat(completion).extracting(e -> e.get("method").asText()).containsExactly("ai/delta", "ai/done");
                assertThat(keysSent(upstream)).endsWith(key(3), key(4));

                rotate(upstream, file, 5);
                upstream.openAiCompletions().thenStream("0;");
                HttpResponse<String> text = post(r, "/v1/completions", """
                        {"model": "stratus/small", "prompt": "int x = ", "max_tokens": 16}""");
                assertThat(text.statusCode()).as(text.body()).isEqualTo(200);
                assertThat(keysSent(upstream)).hasSize(8).endsWith(key(4), key(5));

                JsonNode status = r.rpc().result("ai/status", Map.of());
                assertThat(status.get("deployments").get(0).get("state").asText()).isEqualTo("ready");
                assertThat(status.get("deployments").get(0).path("problem").isMissingNode()
                        || status.get("deployments").get(0).path("problem").isNull()).as(status.toString()).isTrue();
                String audit = Files.readString(r.dataDir().resolve("extensions/.host/data/ai-assistant/audit.jsonl"));
                assertThat(audit).isNotBlank();
                for (int n = 1; n <= 5; n++) {
                    assertThat(status.toString()).doesNotContain(key(n));
                    assertThat(audit).doesNotContain(key(n));
                    assertThat(gateway.body() + text.body() + events + completion).doesNotContain(key(n));
                }
            }
        }
    }

    /** The assistant's start asks whether the deployment answers, in the background: that is over before the key changes. */
    private static void awaitProbe(ScriptedUpstream upstream) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (upstream.requests().stream().map(RecordedRequest::path).noneMatch(p -> p.equals("/v1/models"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no probe");
            }
            Thread.sleep(20);
        }
        Thread.sleep(200); // its answer taken
    }
}
