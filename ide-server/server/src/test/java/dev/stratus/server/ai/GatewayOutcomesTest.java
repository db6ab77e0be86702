package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.Answer;
import dev.stratus.server.support.RpcClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a gateway call ends when it does not end well, as a client and the audit log see it: an
 * answer cut off after text went out, a client that leaves mid-answer, a model that reports no
 * usage, a request every model turns down, an answer stopped by its length limit.
 */
class GatewayOutcomesTest {
    static final String TOKEN = AiTestServer.TOKEN;

    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(
                    deployment("small", "small", "small", 16000),
                    deployment("medium", "medium", "medium", 32000),
                    deployment("large", "large", "large", 64000))
            .rateLimit(1000).userTokens(1000000).file("Main.java", "class Main {}\n");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static Path audit() {
        return ai.dataDir().resolve("extensions/.host/data/ai-assistant/audit.jsonl");
    }

    static HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The audit records so far, each as JSON. */
    static List<JsonNode> records() throws Exception {
        return Files.readAllLines(audit()).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return RpcClient.JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Waits for the audit record after the first {@code before} with this outcome (the writer batches appends). */
    static JsonNode awaitRecord(int before, String outcome) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(audit())) {
                List<JsonNode> all = records();
                for (JsonNode r : all.subList(Math.min(before, all.size()), all.size())) {
                    if (r.path("outcome").asText().equals(outcome)) {
                        return r;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no audit record with outcome " + outcome + " in " + (Files.exists(audit()) ? records() : "no log"));
    }

    static int recordCount() throws Exception {
        return Files.exists(audit()) ? records().size() : 0;
    }

    @Test
    void anAnswerCutOffAfterTextWentOutEndsWithAnErrorNotAnotherModelsAnswerSplicedOn() throws Exception {
        // The small tier is this test's alone: the cut cools its deployment down.
        ai.upstream().openAi("small").thenCut("The first ", "half of an ");
        int calls = ai.upstream().chatRequests().size();

        HttpResponse<String> r = post("""
                {"model": "stratus/small", "stream": true, "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"content\":\"The first \"").doesNotContain("elsewhere").doesNotContain("\"finish_reason\":\"stop\"");
        String last = r.body().lines().filter(l -> l.startsWith("data: {")).reduce((a, b) -> b).orElseThrow();
        JsonNode error = RpcClient.JSON.readTree(last.substring("data: ".length())).get("error");
        assertThat(error.get("message").asText()).contains("cut off after 21 characters").contains("incomplete");
        assertThat(error.get("code").isTextual()).as(error.toString()).isTrue();
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        assertThat(ai.upstream().chatRequests()).as("no other model was asked").hasSize(calls + 1);
    }

    @Test
    void aClientThatLeavesMidAnswerIsRecordedAndChargedForWhatTheModelWrote() throws Exception {
        String[] chunks = new String[200];
        java.util.Arrays.fill(chunks, "lorem ipsum ");
        ai.upstream().openAi("medium").thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(10)));
        int before = recordCount();
        byte[] body = """
                {"model": "stratus/medium", "stream": true, "messages": [{"role": "user", "content": "a long answer, please"}]}"""
                .getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket(ai.server().baseUri().getHost(), ai.server().baseUri().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buf = new byte[4096];
            while (seen.indexOf("lorem ipsum") < 0 || countOf(seen, "lorem ipsum") < 5) {
                int n = in.read(buf);
                assertThat(n).as("the stream ended early: " + seen).isPositive();
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } // the client leaves

        JsonNode record = awaitRecord(before, "error:aborted");
        assertThat(record.get("action").asText()).isEqualTo("gateway");
        assertThat(record.get("promptTokens").asInt()).isPositive();
        assertThat(record.get("completionTokens").asInt()).isPositive();
    }

    private static int countOf(CharSequence text, String what) {
        int n = 0;
        for (int i = text.toString().indexOf(what); i >= 0; i = text.toString().indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void aModelThatReportsNoUsageIsChargedTheEstimateNotNothing() throws Exception {
        ai.upstream().openAi("medium").thenStream(Answer.text("three ", "words ", "here").usage(0, 0));
        int before = recordCount();

        HttpResponse<String> r = post("""
                {"model": "stratus/medium", "stream": true, "stream_options": {"include_usage": true},
                 "messages": [{"role": "user", "content": "count to three"}]}""");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode usage = r.body().lines().filter(l -> l.contains("\"usage\"")).findFirst()
                .map(l -> { try { return RpcClient.JSON.readTree(l.substring("data: ".length())).get("usage"); }
                    catch (Exception e) { throw new IllegalStateException(e); } }).orElseThrow();
        assertThat(usage.get("completion_tokens").asInt()).as(usage.toString()).isEqualTo(("three words here".length() + 2) / 3);
        assertThat(usage.get("prompt_tokens").asInt()).isPositive();
        JsonNode record = awaitRecord(before, "ok");
        assertThat(record.get("completionTokens").asInt()).isEqualTo(usage.get("completion_tokens").asInt());
    }

    @Test
    void aRequestEveryModelTurnsDownIsABadRequestNotAnOutage() throws Exception {
        ai.upstream().openAi("medium").thenJson(400, "{\"error\": {\"message\": \"messages[0] is not valid\", \"type\": \"invalid_request_error\"}}");
        ai.upstream().openAi("large").thenJson(400, "{\"error\": {\"message\": \"messages[0] is not valid\", \"type\": \"invalid_request_error\"}}");
        // small is asked last (and waited for, should the cut test have just cooled it down): it turns it down too.
        ai.upstream().openAi("small").thenJson(400, "{\"error\": {\"message\": \"messages[0] is not valid\", \"type\": \"invalid_request_error\"}}");

        HttpResponse<String> rejected = post("""
                {"model": "stratus/medium", "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(400);
        JsonNode error = RpcClient.JSON.readTree(rejected.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("rejected");
        assertThat(error.get("message").asText()).contains("messages[0] is not valid");
        assertThat(error.has("param")).isTrue();

        // No deployment's context holds the answer's bound: refused before any model is asked, as OpenAI does.
        int calls = ai.upstream().chatRequests().size();
        HttpResponse<String> tooLarge = post("""
                {"model": "stratus/auto", "stream": true, "max_tokens": 100000, "messages": [{"role": "user", "content": "hi"}]}""");
        assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(400);
        JsonNode overflow = RpcClient.JSON.readTree(tooLarge.body()).get("error");
        assertThat(overflow.get("code").asText()).isEqualTo("context_length_exceeded");
        // litellm (and so Aider) knows a context overflow by OpenAI's words, not by its code.
        assertThat(overflow.get("message").asText()).startsWith("This model's maximum context length is");
        assertThat(ai.upstream().chatRequests()).hasSize(calls);
    }

    @Test
    void aStreamedRequestEveryModelTurnsDownBeforeItsFirstTokenGetsItsStatusNotA200() throws Exception {
        String invalid = "{\"error\": {\"message\": \"messages[0] is not valid\", \"type\": \"invalid_request_error\"}}";
        ai.upstream().openAi("medium").thenJson(400, invalid);
        ai.upstream().openAi("large").thenJson(400, invalid);
        ai.upstream().openAi("small").thenJson(400, invalid);

        HttpResponse<String> rejected = post("""
                {"model": "stratus/medium", "stream": true, "messages": [{"role": "user", "content": "hi"}]}""");

        // As the plain request gets it: a client (the openai library) reads a status, not an error event after a 200.
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(400);
        assertThat(rejected.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = RpcClient.JSON.readTree(rejected.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("rejected");
        assertThat(error.get("message").asText()).contains("messages[0] is not valid");
    }

    @Test
    void aStreamedRequestEveryModelRateLimitsGetsA503WithRetryAfter(@TempDir Path own) throws Exception {
        String yaml = AiServerFixture.with(deployment("medium", "medium", "medium", 32000)).rateLimit(1000)
                .yaml(ai.upstream().openAiBaseUrl());
        try (AiTestServer one = AiTestServer.start(own, yaml, Map.of())) {
            // Longer than the 30 s the assistant waits for a recovery: it answers at once.
            ai.upstream().openAi("medium").thenStatus(429, Map.of("Retry-After", "120"));
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(one.server().baseUri().resolve("/v1/chat/completions"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"model": "stratus/medium", "stream": true, "messages": [{"role": "user", "content": "hi"}]}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(RpcClient.JSON.readTree(refused.body()).get("error").get("type").asText()).isEqualTo("service_unavailable");
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(100L, 120L);
        }
    }

    @Test
    void aPlainCompletionMayTakeLongerThanTheCallLimitOnExtensions(@TempDir Path own) throws Exception {
        String yaml = AiServerFixture.with(deployment("medium", "medium", "medium", 32000)).rateLimit(1000)
                .yaml(ai.upstream().openAiBaseUrl());
        // A slow local model: its answer comes 2.5 s after the request, the host bounds calls into extensions to 1 s.
        try (AiTestServer slow = AiTestServer.start(own, yaml, Map.of(), Duration.ofSeconds(1))) {
            ai.upstream().openAi("medium").thenStream(Answer.text("a slow ", "answer").headersDelay(Duration.ofMillis(2500)));
            HttpResponse<String> answered = HTTP.send(HttpRequest.newBuilder(slow.server().baseUri().resolve("/v1/chat/completions"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"model": "stratus/medium", "messages": [{"role": "user", "content": "hi"}]}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            assertThat(answered.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode completion = RpcClient.JSON.readTree(answered.body());
            assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
            assertThat(completion.get("choices").get(0).get("message").get("content").asText()).isEqualTo("a slow answer");
        }
    }

    @Test
    void anAnswerStoppedByItsLengthLimitSaysSoInTheChat() throws Exception {
        ai.upstream().openAi("medium").thenStream(Answer.text("This answer ends in the middle of a sent").finish("length"));
        List<JsonNode> events = ai.chat(Map.of("message", "Explain the file", "task", "explain"));
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("method").asText()).isEqualTo("ai/notice");
            assertThat(e.get("params").get("kind").asText()).isEqualTo("length");
            assertThat(e.get("params").get("message").asText()).contains("length limit").contains("unfinished");
        });
    }

    @Test
    void aRateLimitedCallSaysWhenToTryAgain(@TempDir Path own) throws Exception {
        String yaml = AiServerFixture.with(deployment("medium", "medium", "medium", 32000)).rateLimit(1).yaml(ai.upstream().openAiBaseUrl());
        try (AiTestServer limited = AiTestServer.start(own, yaml, Map.of())) {
            ai.upstream().openAi("medium").thenStream("one");
            HttpRequest.Builder call = HttpRequest.newBuilder(limited.server().baseUri().resolve("/v1/chat/completions"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"model": "stratus/medium", "messages": [{"role": "user", "content": "hi"}]}"""));
            assertThat(HTTP.send(call.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            HttpResponse<String> refused = HTTP.send(call.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(RpcClient.JSON.readTree(refused.body()).get("error").get("type").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        }
    }
}
