package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.events;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.upstreamCompletions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Continue's tab autocomplete, configured as the README says ({@code provider: openai},
 * {@code model: stratus/small}, {@code roles: [autocomplete]}), as it calls {@code POST /v1/completions}:
 * its openai provider takes no FIM, so it sends no {@code suffix}, and writes StarCoder's template (the
 * one for a model name it does not know) into the prompt, with {@code raw} streaming and its whole stop
 * list. The model is to get the prefix and suffix as its own server takes them.
 */
class GatewayContinueAutocompleteTest {
    @RegisterExtension
    static final AiServerFixture llamaCpp = AiServerFixture.with(deployment("llama", "small", "coder", 16000))
            .rateLimit(1000).userTokens(1_000_000);
    @RegisterExtension
    static final AiServerFixture vllm = AiServerFixture.with(deployment("vllm", "small", "qwen2.5-coder-7b", 16000))
            .rateLimit(1000).userTokens(1_000_000);
    @RegisterExtension
    static final AiServerFixture limited = AiServerFixture.with(deployment("llama", "small", "coder", 16000))
            .rateLimit(1000, 1).userTokens(1_000_000);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** What the file holds around the cursor, after Continue's header of the file's path. */
    static final String PREFIX = "// Path: math.ts\nfunction add(a: number, b: number) {\n  return ";
    static final String SUFFIX = "\n}\n";

    /**
     * Continue's body for its autocomplete model: {@code _legacystreamComplete} (the chat body without
     * messages, the prompt added, {@code stream: true}); temperature 0.01 and its default 4096 tokens; the stop
     * list of StarCoder's template, then its own, then TypeScript's, none cut for a server that is not OpenAI's.
     */
    static String continueBody(String prompt) throws Exception {
        List<String> stop = List.of("<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<file_sep>", "<|endoftext|>", "</fim_middle>",
                "</code>", "\n\n", "\r\n\r\n", "/src/", "#- coding: utf-8", "```", "\nfunction", "\nclass", "\nmodule", "\nexport",
                "\nimport");
        return RpcClient.JSON.writeValueAsString(Map.of("model", "stratus/small", "max_tokens", 4096,
                "temperature", 0.01, "stream", true, "stop", stop, "prompt", prompt));
    }

    /** Continue's fetch: its own headers (the key in Authorization and in api-key), not the openai client's. */
    static HttpResponse<String> post(AiServerFixture fixture, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(fixture.server().baseUri().resolve("/v1/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + AiTestServer.TOKEN)
                .header("api-key", AiTestServer.TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What Continue's streamSse makes of the answer: each chunk's {@code choices[0].text}, until {@code [DONE]}. */
    static String continueReads(HttpResponse<String> r) throws Exception {
        StringBuilder text = new StringBuilder();
        for (JsonNode e : events(r)) {
            assertThat(e.has("error")).as(e.toString()).isFalse();
            assertThat(e.get("object").asText()).isEqualTo("text_completion");
            text.append(e.path("choices").path(0).path("text").asText(""));
        }
        return text.toString();
    }

    @Test
    void continuesTemplatedPromptReachesAServerThatTakesASuffixAsPrefixAndSuffix() throws Exception {
        llamaCpp.upstream().openAiCompletions().thenStream("a + ", "b;");

        HttpResponse<String> r = post(llamaCpp, continueBody("<fim_prefix>" + PREFIX + "<fim_suffix>" + SUFFIX + "<fim_middle>"));

        assertThat(continueReads(r)).isEqualTo("a + b;");
        JsonNode sent = upstreamCompletions(llamaCpp).getLast().json();
        assertThat(sent.get("prompt").asText()).isEqualTo(PREFIX);
        assertThat(sent.get("suffix").asText()).isEqualTo(SUFFIX);
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(4096);
        assertThat(sent.get("stop")).hasSize(17);
    }

    @Test
    void continuesTemplatedPromptReachesAQwenCoderOnVllmInQwensTemplate() throws Exception {
        vllm.upstream().openAiCompletions().thenStatus(400, Map.of(), FimTemplateCompletionsTest.VLLM_NO_SUFFIX).thenStream("a + b;");

        HttpResponse<String> r = post(vllm, continueBody("<fim_prefix>" + PREFIX + "<fim_suffix>" + SUFFIX + "<fim_middle>"));

        assertThat(continueReads(r)).isEqualTo("a + b;");
        JsonNode sent = upstreamCompletions(vllm).getLast().json();
        assertThat(sent.has("suffix")).isFalse();
        assertThat(sent.get("prompt").asText()).isEqualTo("<|fim_prefix|>" + PREFIX + "<|fim_suffix|>" + SUFFIX + "<|fim_middle|>");
    }

    @Test
    void aPromptContinueCutFromTheTopIsTakenApartAllTheSame() throws Exception {
        // Continue prunes a prompt longer than the model's context from the top, the template's first token with it.
        llamaCpp.upstream().openAiCompletions().thenStream("b;");

        HttpResponse<String> r = post(llamaCpp, continueBody("  return a + <fim_suffix>" + SUFFIX + "<fim_middle>"));

        assertThat(continueReads(r)).isEqualTo("b;");
        JsonNode sent = upstreamCompletions(llamaCpp).getLast().json();
        assertThat(sent.get("prompt").asText()).isEqualTo("  return a + ");
        assertThat(sent.get("suffix").asText()).isEqualTo(SUFFIX);
    }

    @Test
    void completionsOverTheirAllowanceAreRefusedInWordsContinueShowsOnce() throws Exception {
        // Continue retries no 429 here: it shows the error ("HTTP 429 ... from <url>" and the body) once per distinct
        // message, at every pause in typing. The wait is in Retry-After; the words stay the same while it runs down.
        limited.upstream().openAiCompletions().thenStream("b;");
        String body = continueBody("<fim_prefix>" + PREFIX + "<fim_suffix>" + SUFFIX + "<fim_middle>");
        assertThat(continueReads(post(limited, body))).isEqualTo("b;");
        int asked = upstreamCompletions(limited).size();

        HttpResponse<String> first = post(limited, body);
        Thread.sleep(1_100);
        HttpResponse<String> later = post(limited, body);

        for (HttpResponse<String> r : List.of(first, later)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
            assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
            assertThat(RpcClient.JSON.readTree(r.body()).get("error").get("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(RpcClient.JSON.readTree(r.body()).get("error").get("message").asText()).contains("completions", "1 per minute");
        }
        assertThat(first.headers().firstValue("Retry-After")).isNotEqualTo(later.headers().firstValue("Retry-After"));
        assertThat(later.body()).isEqualTo(first.body());
        assertThat(upstreamCompletions(limited)).hasSize(asked);
    }
}
