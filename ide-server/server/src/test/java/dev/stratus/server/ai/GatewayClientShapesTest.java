package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.RecordedRequest;
import dev.stratus.server.support.RpcClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The requests real OpenAI-compatible clients send, headers and bodies as they write them, and
 * what they need of the answer to read it.
 */
class GatewayClientShapesTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("small", "small", "small", 16000).withTools())
            .rateLimit(1000).userTokens(1_000_000);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The headers the official openai node client (and Continue and Cline, which use it) sends besides its own. */
    static final Map<String, String> OPENAI_NODE = Map.of("User-Agent", "OpenAI/JS 4.104.0", "X-Stainless-Lang", "js",
            "X-Stainless-Package-Version", "4.104.0", "X-Stainless-Retry-Count", "0", "Accept", "application/json");

    static HttpResponse<String> post(Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                .header("Authorization", "Bearer " + AiTestServer.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The stream's events, each as JSON, up to {@code [DONE]} (which must end it). */
    static List<JsonNode> events(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        List<JsonNode> events = new ArrayList<>();
        for (String line : r.body().lines().filter(l -> l.startsWith("data: {")).toList()) {
            events.add(RpcClient.JSON.readTree(line.substring("data: ".length())));
        }
        return events;
    }

    static String text(List<JsonNode> events) {
        StringBuilder text = new StringBuilder();
        events.forEach(e -> e.path("choices").forEach(c -> text.append(c.path("delta").path("content").asText(""))));
        return text.toString();
    }

    static RecordedRequest lastUpstream() {
        return ai.upstream().lastRequest();
    }

    @Test
    void continuesAutocompleteThroughChatSendsItsWholeStopListAndGetsItAnswered() throws Exception {
        // Continue slices stop to 4 only for api.openai.com, Groq, Azure and port 1337; any other server gets the template's
        // stop tokens, Continue's own and the language's (here Qwen's FIM template in a TypeScript file).
        List<String> stops = List.of("<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>",
                "<|repo_name|>", "<|file_sep|>", "<|im_start|>", "<|im_end|>", "/src/", "#- coding: utf-8", "```",
                "\nfunction", "\nclass", "\nmodule", "\nexport ");
        ai.upstream().openAi("small").thenStream("return a + b;");

        HttpResponse<String> r = post(OPENAI_NODE, """
                {"model": "stratus/small", "max_tokens": 4096, "temperature": 0.01, "stream": true,
                 "stop": %s, "stream_options": {"include_usage": true},
                 "messages": [{"role": "user", "content": "<|fim_prefix|>function add(a, b) {\\n  <|fim_suffix|>\\n}<|fim_middle|>"}]}"""
                .formatted(RpcClient.JSON.writeValueAsString(stops)));

        assertThat(text(events(r))).isEqualTo("return a + b;");
        List<String> sent = new ArrayList<>();
        lastUpstream().json().get("stop").forEach(s -> sent.add(s.asText()));
        assertThat(sent).as("every stop sequence reaches the model, none dropped").isEqualTo(stops);
    }
}
