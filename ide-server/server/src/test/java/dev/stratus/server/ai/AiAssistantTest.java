package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.governance.AuditVerifier;
import dev.stratus.ai.testing.Answer;
import dev.stratus.server.support.RpcClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AI assistant extension as the product ships it (the reactor's jar, built in), configured in
 * stratus.yaml against a scripted upstream speaking the real OpenAI wire format: chat streaming
 * over {@code ai/*}, routing by task, fallback after a 429, redaction of what leaves, the audit
 * chain, and the OpenAI-compatible gateway at {@code /v1/}.
 */
class AiAssistantTest {
    static final String TOKEN = AiTestServer.TOKEN;

    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(
                    deployment("small-a", "small", "small-a", 16000),
                    deployment("small-b", "small", "small-b", 16000),
                    deployment("medium", "medium", "medium", 32000),
                    deployment("large", "large", "large", 128000))
            .rateLimit(1000).userTokens(100000).file("Main.java", "class Main {\n    int x;\n}\n");

    static List<JsonNode> chat(Map<String, Object> params) throws Exception {
        return ai.chat(params);
    }

    static String text(List<JsonNode> events) {
        StringBuilder sb = new StringBuilder();
        events.stream().filter(e -> e.get("method").asText().equals("ai/delta")).forEach(e -> sb.append(e.get("params").get("text").asText()));
        return sb.toString();
    }

    static JsonNode done(List<JsonNode> events) {
        return AiTestServer.done(events);
    }

    @Test
    void statusListsTheConfiguredDeployments() throws Exception {
        JsonNode status = ai.rpc().result("ai/status", Map.of());
        assertThat(status.get("configured").asBoolean()).isTrue();
        assertThat(status.get("deployments")).extracting(d -> d.get("name").asText() + ":" + d.get("tier").asText())
                .containsExactly("small-a:small", "small-b:small", "medium:medium", "large:large");
    }

    @Test
    void aChatAnswerStreamsInWithItsRouteAndIsKeptInTheConversation() throws Exception {
        ai.upstream().openAi("small-a").thenStream("Add ", "the ", "field");
        List<JsonNode> events = chat(Map.of("message", "Write a commit message", "task", "commit-message"));
        assertThat(text(events)).isEqualTo("Add the field");
        JsonNode done = done(events);
        assertThat(done.has("error")).as(done.toString()).isFalse();
        assertThat(done.get("route").get("tier").asText()).isEqualTo("small");
        assertThat(done.get("route").get("deployment").asText()).isEqualTo("small-a");
        String conversation = done.get("conversationId").asText();
        JsonNode stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation));
        assertThat(stored.get("messages")).extracting(m -> m.get("role").asText()).containsExactly("user", "assistant");
        assertThat(ai.rpc().result("ai/conversations", Map.of()).get("conversations").toString()).contains(conversation);
    }

    @Test
    void theFileAndTheProblemsTheEditorShowsReachTheModel() throws Exception {
        // medium (explain): the small deployments' cooldowns belong to the fallback test.
        ai.upstream().openAi("medium").thenStream("Declare it.");
        int before = ai.upstream().chatRequests().size();
        List<JsonNode> events = chat(Map.of("message", "why does this fail", "task", "explain", "context", Map.of(
                "paths", List.of("Main.java"),
                "diagnostics", List.of(Map.of("path", "Main.java", "line", 2, "severity", "error", "message", "cannot find symbol y")))));
        assertThat(done(events).has("error")).as(done(events).toString()).isFalse();
        String sent = ai.upstream().chatRequests().get(before).raw();
        assertThat(sent).contains("Main.java:2: error: cannot find symbol y").contains("int x;");
    }

    /** A file with unsaved changes is given as the editor shows it, redacted like everything else. */
    @Test
    void theEditorsUnsavedTextOfAFileReachesTheModelRedacted() throws Exception {
        ai.upstream().openAi("medium").thenStream("Tested.");
        int before = ai.upstream().chatRequests().size();
        String buffer = "class Main {\n    int x;\n    String key = \"sk-proj-AbCdEf1234567890XyZaBcDeFgH12\"; // unsaved\n}\n";
        List<JsonNode> events = chat(Map.of("message", "write tests", "task", "explain", "context", Map.of(
                "paths", List.of("Main.java"), "documents", List.of(Map.of("path", "Main.java", "text", buffer)))));
        assertThat(done(events).has("error")).as(done(events).toString()).isFalse();
        String sent = ai.upstream().chatRequests().get(before).raw();
        assertThat(sent).contains("File Main.java (as the editor shows it, with unsaved changes)")
                .contains("[REDACTED:openai-key]").contains("// unsaved").doesNotContain("sk-proj-AbCdEf");
    }

    @Test
    void aRateLimitedDeploymentFallsBackToTheNextOfItsTierAndItIsRecorded() throws Exception {
        ai.upstream().openAi("small-a").thenStatus(429, Map.of("Retry-After", "30"));
        ai.upstream().openAi("small-b").thenStream("from b");
        List<JsonNode> events = chat(Map.of("message", "fix the typo", "task", "fix-syntax"));
        assertThat(text(events)).isEqualTo("from b");
        JsonNode route = done(events).get("route");
        assertThat(route.get("deployment").asText()).isEqualTo("small-b");
        assertThat(route.get("fallbacks").toString()).contains("small-a");
        // small-a cools down: the next request goes straight to small-b.
        ai.upstream().openAi("small-b").thenStream("again b");
        assertThat(text(chat(Map.of("message", "fix it again", "task", "fix-syntax")))).isEqualTo("again b");
        // The server's /metrics carries the assistant's meters next to its own.
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(ai.server().baseUri().resolve("/metrics"))
                    .header("Authorization", AiTestServer.AUTH.get("Authorization")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("jvm_memory_used_bytes")
                    .containsPattern("stratus_ai_fallbacks_total\\{from=\"small-a\",to=\"small-b\"} 1")
                    .containsPattern("stratus_ai_cooldowns_total\\{[^}]*deployment=\"small-a\"");
        }
    }

    @Test
    void secretsAreRedactedBeforeTheyLeaveAndTheAuditChainVerifies() throws Exception {
        ai.upstream().openAi("medium").thenStream("ok");
        String secret = "AKIAIOSFODNN7EXAMPLE";
        List<JsonNode> events = chat(Map.of("message", "Explain why aws_access_key_id=" + secret + " fails", "task", "explain"));
        assertThat(done(events).has("error")).as(done(events).toString()).isFalse();
        assertThat(ai.upstream().chatRequests()).allSatisfy(r -> assertThat(r.raw()).doesNotContain(secret));
        Path audit = ai.dataDir().resolve("extensions/.host/data/ai-assistant/audit.jsonl");
        assertThat(Files.readString(audit)).doesNotContain(secret).contains("aws");
        assertThat(AuditVerifier.verify(audit).ok()).isTrue();

        // The operator's check, as a separate process: the intact log, then copies edited and cut.
        Map<String, String> env = Map.of("STRATUS_BUILTIN_EXTENSIONS_DIR", ai.builtIn().toString());
        Process ok = dev.stratus.server.support.Cli.start(List.of("audit", "verify", "--data-dir", ai.dataDir().toString()), env, List.of());
        String out = dev.stratus.server.support.Cli.output(ok);
        assertThat(ok.exitValue()).as(out).isZero();
        assertThat(out).startsWith("ok: ").contains(" records, head ");
        List<String> lines = Files.readAllLines(audit);
        assertThat(lines.size()).isGreaterThanOrEqualTo(2);
        Path edited = ai.base().resolve("audit-edited.jsonl");
        List<String> changed = new ArrayList<>(lines);
        changed.set(0, changed.get(0).replace("\"promptTokens\":", "\"promptTokens\":1"));
        Files.write(edited, changed);
        Path cut = ai.base().resolve("audit-cut.jsonl");
        List<String> shorter = new ArrayList<>(lines);
        shorter.remove(0);
        Files.write(cut, shorter);
        // The last record deleted, the head witness and key beside it as the server left them.
        Path tail = Files.createDirectories(ai.base().resolve("tail-cut")).resolve("audit.jsonl");
        Files.write(tail, lines.subList(0, lines.size() - 1));
        Files.copy(audit.resolveSibling("audit.head"), tail.resolveSibling("audit.head"));
        Files.copy(audit.resolveSibling("audit.key"), tail.resolveSibling("audit.key"));
        for (Path bad : List.of(edited, cut, tail)) {
            Process p = dev.stratus.server.support.Cli.start(List.of("audit", "verify", bad.toString(), "--data-dir", ai.dataDir().toString()),
                    env, List.of());
            String text = dev.stratus.server.support.Cli.output(p);
            assertThat(p.exitValue()).as(bad + ": " + text).isEqualTo(1);
            assertThat(text).startsWith("tampered at seq ");
            if (bad.equals(tail)) {
                assertThat(text).contains("record " + lines.size() + " was deleted from the end");
            }
        }
    }

    @Test
    void anEditThatCannotApplyEscalatesOneTierUpAndIsAppliedOnlyIfTheFileDidNotChange() throws Exception {
        ai.upstream().openAi("medium").thenStream("I would rename the field, but here is no code.");
        ai.upstream().openAi("large").thenStream("```java\nclass Main {\n    int count;\n}\n```\n");
        String requestId = ai.rpc().result("ai/edit", Map.of("path", "Main.java", "instruction", "rename x to count")).get("requestId").asText();
        List<JsonNode> events = ai.events(requestId);
        assertThat(events).anySatisfy(e -> assertThat(e.get("params").path("kind").asText()).isEqualTo("escalation"));
        JsonNode done = done(events);
        assertThat(done.get("route").get("tier").asText()).as(done.toString()).isEqualTo("large");
        JsonNode edit = done.get("edits").get(0);
        assertThat(edit.get("newText").asText()).isEqualTo("class Main {\n    int count;\n}\n");

        Path file = ai.server().awaitState().opened().orElseThrow().root().resolve("Main.java");
        Files.writeString(file, "class Main {\n    int y;\n}\n");
        assertThat(ai.rpc().errorCode("ai/applyEdit", Map.of("requestId", requestId, "path", "Main.java",
                "newText", edit.get("newText").asText(), "expectedVersion", "x"))).isEqualTo(1003);
        assertThat(Files.readString(file)).contains("int y;");
        Files.writeString(file, "class Main {\n    int x;\n}\n");
        JsonNode applied = ai.rpc().result("ai/applyEdit", Map.of("requestId", requestId, "path", "Main.java",
                "newText", edit.get("newText").asText(), "expectedVersion", "x"));
        assertThat(Files.readString(file)).isEqualTo("class Main {\n    int count;\n}\n");
        // The version is the file service's: the editor's next save is checked against it.
        assertThat(applied.get("version").asText()).isEqualTo(ai.rpc().result("fs/stat", Map.of("path", "Main.java")).get("version").asText());

        // A chat answer's code block applied as an edit carries the text it was computed from.
        assertThat(ai.rpc().errorCode("ai/applyEdit", Map.of("requestId", "chat-1", "path", "Main.java", "newText", "x",
                "expectedVersion", "v", "baseText", "not the file"))).isEqualTo(1003);
        assertThat(ai.rpc().errorCode("ai/applyEdit", Map.of("requestId", "chat-1", "path", "Main.java", "newText", "x",
                "expectedVersion", "v"))).isEqualTo(-32602);
        ai.rpc().result("ai/applyEdit", Map.of("requestId", "chat-1", "path", "Main.java", "newText", "class Main {}\n",
                "expectedVersion", "v", "baseText", "class Main {\n    int count;\n}\n"));
        assertThat(Files.readString(file)).isEqualTo("class Main {}\n");
        Files.writeString(file, "class Main {\n    int x;\n}\n");
    }

    /**
     * The browser saw new errors after saving an edit: the same edit is asked one tier up with
     * them, the step in the route's reasons; from the largest tier there is nowhere to go and the
     * answer says so without calling a model. (Medium first: the small tier's cooldowns belong to
     * the rate-limit test.)
     */
    @Test
    void anEditWhoseSavedResultHasNewErrorsIsAskedAgainOneTierUp() throws Exception {
        ai.upstream().openAi("medium").thenStream("```java\nclass Main {\n    Foo x;\n}\n```\n");
        String first = ai.rpc().result("ai/edit", Map.of("path", "Main.java", "instruction", "make x a Foo")).get("requestId").asText();
        assertThat(done(ai.events(first)).get("route").get("tier").asText()).isEqualTo("medium");

        List<String> problems = List.of("line 2: Foo cannot be resolved to a type (javac)");
        ai.upstream().openAi("large").thenStream("```java\nclass Main {\n    Object x;\n}\n```\n");
        String second = ai.rpc().result("ai/edit", Map.of("path", "Main.java", "instruction", "make x a Foo",
                "escalateFrom", first, "problems", problems)).get("requestId").asText();
        List<JsonNode> events = ai.events(second);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("params").path("kind").asText()).isEqualTo("escalation");
            assertThat(e.get("params").path("message").asText()).contains("medium").contains("1 new problem").contains("large");
        });
        JsonNode route = done(events).get("route");
        assertThat(route.get("tier").asText()).as(events.toString()).isEqualTo("large");
        assertThat(route.get("reasons").toString()).contains("escalated medium -> large: diagnostics got worse");
        assertThat(ai.upstream().chatRequests().getLast().raw()).contains("Foo cannot be resolved to a type").contains("make x a Foo");

        int before = ai.upstream().chatRequests().size();
        String third = ai.rpc().result("ai/edit", Map.of("path", "Main.java", "instruction", "make x a Foo",
                "escalateFrom", second, "problems", problems)).get("requestId").asText();
        JsonNode refused = done(ai.events(third));
        assertThat(refused.get("error").get("code").asInt()).isEqualTo(1009);
        assertThat(refused.get("error").get("message").asText()).contains("no larger model").contains("largest tier");
        assertThat(ai.upstream().chatRequests()).hasSize(before);

        assertThat(ai.rpc().errorCode("ai/edit", Map.of("path", "Main.java", "instruction", "x", "escalateFrom", "no-such-request")))
                .isEqualTo(1001);
        assertThat(ai.rpc().errorCode("ai/edit", Map.of("path", "Other.java", "instruction", "x", "escalateFrom", first)))
                .isEqualTo(1001);
    }

    @Test
    void theGatewayAnswersOpenAiClientsWithRoutingAndStreaming() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> models = http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/models"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("stratus/auto", "stratus/small", "stratus/large");
        assertThat(http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        for (String path : List.of("/v1/models/stratus/large", "/v1/models/stratus%2Flarge")) {
            HttpResponse<String> one = http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve(path))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(one.statusCode()).as(path).isEqualTo(200);
            assertThat(RpcClient.JSON.readTree(one.body()).get("id").asText()).isEqualTo("stratus/large");
        }

        ai.upstream().openAi("large").thenStream("Big ", "answer");
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"stratus/large\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        JsonNode body = RpcClient.JSON.readTree(plain.body());
        assertThat(body.get("choices").get(0).get("message").get("content").asText()).isEqualTo("Big answer");
        assertThat(body.get("stratus").get("deployment").asText()).isEqualTo("large");

        ai.upstream().openAi("medium").thenStream("Str", "eamed");
        HttpResponse<String> streamed = http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"stratus/medium\", \"stream\": true, "
                        + "\"stream_options\": {\"include_usage\": true}, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(streamed.body()).contains("\"content\":\"Str\"", "\"content\":\"eamed\"", "\"usage\"").endsWith("data: [DONE]\n\n");
        // The last chunk says which deployment answered and which were left on the way, as the plain answer does.
        assertThat(streamed.body()).contains("\"stratus\":{\"tier\":\"medium\",\"deployment\":\"medium\",\"fallbacks\":[]}");

        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"gpt-5\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("model_not_found");
    }

    @Test
    void aStreamedGatewayCallOverTheBudgetIsRefusedWithItsStatusBeforeTheStreamBegins() throws Exception {
        int before = ai.upstream().chatRequests().size();
        HttpClient http = HttpClient.newHttpClient();
        // 110,000 tokens of answer fit the large deployment's context, not the user's 100,000-token budget.
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"stratus/large\", \"stream\": true, \"max_tokens\": 110000, "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = RpcClient.JSON.readTree(refused.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("insufficient_quota");
        // When the budget is back: a day at most (the default period), never a moment (clients would retry at once).
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 86_400L);
        assertThat(error.get("message").asText()).contains("Token budget exceeded", "100000");
        assertThat(ai.upstream().chatRequests()).hasSize(before);
    }

    @Test
    void theGatewaySendsEachChunkWhileTheModelIsStillWritingTheNext() throws Exception {
        ai.upstream().openAi("medium").thenStream(Answer.text("Early", " late").chunkDelay(Duration.ofMillis(400)));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> streamed = http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"stratus/medium\", \"stream\": true, "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofLines());
        Map<String, Long> arrived = new LinkedHashMap<>();
        try (Stream<String> lines = streamed.body()) {
            lines.forEach(line -> {
                for (String text : List.of("Early", " late", "[DONE]")) {
                    if (line.contains("\"content\":\"" + text + "\"") || line.equals("data: " + text)) {
                        arrived.put(text, System.nanoTime());
                    }
                }
            });
        }

        assertThat(arrived).containsOnlyKeys("Early", " late", "[DONE]");
        // The upstream waits 400 ms before each of its events: "Early" must reach the client while it waits.
        assertThat(Duration.ofNanos(arrived.get(" late") - arrived.get("Early"))).as("between the two chunks' arrivals")
                .isGreaterThan(Duration.ofMillis(200));
    }
}
