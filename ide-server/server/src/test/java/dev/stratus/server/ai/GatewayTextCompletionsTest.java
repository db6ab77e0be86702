package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.RecordedRequest;
import dev.stratus.server.support.RpcClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /v1/completions}, as editors' autocomplete calls it with a prompt and a suffix:
 * forwarded to the deployments' {@code /completions}, streamed or whole, with the chat gateway's
 * fallbacks, redaction and audit.
 */
class GatewayTextCompletionsTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(
                    deployment("coder-a", "small", "coder-a", 16000),
                    deployment("coder-b", "small", "coder-b", 16000),
                    deployment("chat-only", "medium", "chat-only", 32000).withoutCompletions())
            .rateLimit(1000).userTokens(1_000_000);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The headers of the openai node client, which Continue's openai-adapters use. */
    static final Map<String, String> OPENAI_NODE = Map.of("User-Agent", "OpenAI/JS 4.104.0", "X-Stainless-Lang", "js",
            "Accept", "application/json");

    static HttpResponse<String> post(String body) throws Exception {
        return post(ai, body);
    }

    static HttpResponse<String> post(AiServerFixture fixture, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.server().baseUri().resolve("/v1/completions"))
                .header("Authorization", "Bearer " + AiTestServer.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        OPENAI_NODE.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<JsonNode> events(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        List<JsonNode> events = new ArrayList<>();
        for (String line : r.body().lines().filter(l -> l.startsWith("data: {")).toList()) {
            events.add(RpcClient.JSON.readTree(line.substring("data: ".length())));
        }
        return events;
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return RpcClient.JSON.readTree(r.body());
    }

    static List<RecordedRequest> upstreamCompletions() {
        return upstreamCompletions(ai);
    }

    static List<RecordedRequest> upstreamCompletions(AiServerFixture fixture) {
        return fixture.upstream().requests().stream().filter(r -> r.path().equals("/v1/completions")).toList();
    }

    static JsonNode awaitAuditRecord(String action, int before) throws Exception {
        return awaitAuditRecord(ai, action, before);
    }

    static JsonNode awaitAuditRecord(AiServerFixture fixture, String action, int before) throws Exception {
        return awaitAuditRecord(fixture, action, null, before);
    }

    /**
     * The first audit record of {@code action} (and {@code outcome}, unless null) after the first {@code before}:
     * the writer batches appends, so an earlier request's may come after {@code before} was counted.
     */
    static JsonNode awaitAuditRecord(AiServerFixture fixture, String action, String outcome, int before) throws Exception {
        Path audit = fixture.dataDir().resolve("extensions/.host/data/ai-assistant/audit.jsonl");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(audit)) {
                List<String> lines = Files.readAllLines(audit).stream().filter(l -> !l.isBlank()).toList();
                for (String line : lines.subList(Math.min(before, lines.size()), lines.size())) {
                    JsonNode record = RpcClient.JSON.readTree(line);
                    if (record.path("action").asText().equals(action)
                            && (outcome == null || record.path("outcome").asText().equals(outcome))) {
                        return record;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no audit record of action " + action);
    }

    static int auditLines() throws Exception {
        return auditLines(ai);
    }

    static int auditLines(AiServerFixture fixture) throws Exception {
        Path audit = fixture.dataDir().resolve("extensions/.host/data/ai-assistant/audit.jsonl");
        return Files.exists(audit) ? (int) Files.readAllLines(audit).stream().filter(l -> !l.isBlank()).count() : 0;
    }

    @Test
    void continuesFillInTheMiddleRequestIsStreamedAsTextCompletionChunks() throws Exception {
        // An editor's fill-in-the-middle: prompt and suffix, its stop list, stream true; it reads choices[0].text.
        // (Continue's openai provider sends no suffix: GatewayContinueAutocompleteTest.)
        ai.upstream().openAiCompletions().thenStream("a + ", "b;");
        int before = auditLines();

        HttpResponse<String> r = post("""
                {"model": "stratus/small", "prompt": "function add(a, b) {\\n  return ", "suffix": "\\n}\\n",
                 "max_tokens": 256, "temperature": 0.01, "top_p": 0.95, "stop": ["\\n\\n", "\\nfunction"], "stream": true}""");

        List<JsonNode> events = events(r);
        StringBuilder text = new StringBuilder();
        events.forEach(e -> e.path("choices").forEach(c -> text.append(c.path("text").asText(""))));
        assertThat(text).hasToString("a + b;");
        assertThat(events).allSatisfy(e -> assertThat(e.get("object").asText()).isEqualTo("text_completion"));
        assertThat(events.getFirst().get("id").asText()).startsWith("cmpl-");
        assertThat(events.getLast().get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
        String by = events.getLast().get("stratus").get("deployment").asText();
        assertThat(by).startsWith("coder-");
        JsonNode sent = upstreamCompletions().getLast().json();
        assertThat(sent.get("model").asText()).isEqualTo(by);
        assertThat(sent.get("prompt").asText()).isEqualTo("function add(a, b) {\n  return ");
        assertThat(sent.get("suffix").asText()).isEqualTo("\n}\n");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(256);
        assertThat(sent.get("stop")).hasSize(2);
        assertThat(sent.has("messages")).isFalse();
        JsonNode record = awaitAuditRecord("completion", before);
        assertThat(record.get("outcome").asText()).isEqualTo("ok");
        assertThat(record.get("deployment").asText()).isEqualTo(by);
    }

    @Test
    void aWholeCompletionAsksForNoStreamAndGetsTextAndUsage() throws Exception {
        // A prompt with a Qwen coder's template filled in, written for a model known to take it; stream false.
        ai.upstream().openAiCompletions().thenStream("return 1;");

        HttpResponse<String> r = post("""
                {"model": "stratus/auto", "prompt": "<|fim_prefix|>int one() {<|fim_suffix|>}<|fim_middle|>",
                 "max_tokens": 64, "stop": ["<|endoftext|>", "<|fim_pad|>"], "stream": false}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("object").asText()).isEqualTo("text_completion");
        assertThat(body.get("choices").get(0).get("text").asText()).isEqualTo("return 1;");
        assertThat(body.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.get("usage").get("total_tokens").asInt()).isPositive();
        assertThat(body.get("stratus").get("tier").asText()).as("stratus/auto completes on the small tier").isEqualTo("small");
        assertThat(upstreamCompletions().getLast().json().has("suffix")).isFalse();
    }

    @Test
    void aSecretInThePrefixNeverLeaves() throws Exception {
        String token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
        ai.upstream().openAiCompletions().thenStream(")");
        int before = auditLines();

        HttpResponse<String> r = post("""
                {"model": "stratus/small", "prompt": "const token = \\"%s\\";\\nfetch(url, token", "suffix": "\\n// %s", "stream": false}"""
                .formatted(token, token));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        RecordedRequest sent = upstreamCompletions().getLast();
        assertThat(sent.body()).doesNotContain(token);
        assertThat(sent.json().get("prompt").asText()).contains("[REDACTED:");
        assertThat(sent.json().get("suffix").asText()).contains("[REDACTED:");
        assertThat(awaitAuditRecord("completion", before).get("redactions").toString()).contains("github");
    }

    @Test
    void aTierWhoseDeploymentsServeNoCompletionsIsPassedOverForOneThatDoes() throws Exception {
        ai.upstream().openAiCompletions().thenStream("done");
        int calls = ai.upstream().requests().size();

        HttpResponse<String> r = post("""
                {"model": "stratus/medium", "prompt": "x", "suffix": "", "stream": false}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("stratus").get("tier").asText()).isEqualTo("small");
        assertThat(ai.upstream().requests().subList(calls, ai.upstream().requests().size()))
                .noneMatch(q -> q.body().contains("chat-only"));
    }

    @Test
    void aServerThatRefusesTheSuffixSaysSo() throws Exception {
        // vLLM's answer to a suffix its model cannot take.
        String refusal = "{\"object\":\"error\",\"message\":\"suffix is not currently supported\",\"type\":\"BadRequestError\",\"code\":400}";
        ai.upstream().openAiCompletions().thenStatus(400, Map.of(), refusal).thenStatus(400, Map.of(), refusal);

        HttpResponse<String> r = post("""
                {"model": "stratus/small", "prompt": "a", "suffix": "b", "stream": false}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).get("error").get("message").asText()).contains("suffix is not currently supported")
                .as("its model's template is not known from its name").contains("set fim");
    }

    @Test
    void whatTheGatewayCannotHonourIsRefusedByName() throws Exception {
        int calls = ai.upstream().requests().size();
        Map<String, String> bodies = Map.of(
                "n", "\"n\": 2", "best_of", "\"best_of\": 3", "logprobs", "\"logprobs\": 1", "echo", "\"echo\": true",
                "prompt", "\"prompt\": [1, 2, 3]", "suffix", "\"suffix\": 7", "messages", "\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]");
        for (Map.Entry<String, String> bad : bodies.entrySet()) {
            String prompt = bad.getKey().equals("prompt") ? "" : "\"prompt\": \"x\", ";
            HttpResponse<String> r = post("{\"model\": \"stratus/small\", " + prompt + bad.getValue() + "}");
            assertThat(r.statusCode()).as(bad.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(json(r).get("error").get("param").asText()).isEqualTo(bad.getKey());
        }
        assertThat(post("{\"model\": \"stratus/small\"}").statusCode()).isEqualTo(400);
        assertThat(post("{\"model\": \"gpt-3.5-turbo-instruct\", \"prompt\": \"x\"}").statusCode()).isEqualTo(404);
        assertThat(ai.upstream().requests()).hasSize(calls);
    }
}
