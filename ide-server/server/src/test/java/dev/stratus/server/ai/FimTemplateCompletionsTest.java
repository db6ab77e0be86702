package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.json;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.post;
import static dev.stratus.server.ai.GatewayTextCompletionsTest.upstreamCompletions;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.RecordedRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fill-in-the-middle through {@code POST /v1/completions} and {@code ai/complete} on a server that
 * takes no {@code suffix}, as vLLM answers it: sent again in the Qwen coder's template, redacted first.
 */
class FimTemplateCompletionsTest {
    static final String VLLM_NO_SUFFIX =
            "{\"object\":\"error\",\"message\":\"suffix is not currently supported\",\"type\":\"BadRequestError\",\"code\":400}";
    static final String TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

    @RegisterExtension
    static final AiServerFixture gateway = AiServerFixture.with(deployment("vllm", "small", "qwen2.5-coder-7b", 16000))
            .rateLimit(1000).userTokens(1_000_000);
    @RegisterExtension
    static final AiServerFixture editor = AiServerFixture.with(deployment("vllm", "small", "qwen2.5-coder-1.5b", 16000))
            .rateLimit(1000).userTokens(1_000_000);

    @Test
    void theGatewaysCompletionIsSentAgainInTheTemplateRedactedAndWithoutItsStopToken() throws Exception {
        gateway.upstream().openAiCompletions().thenStatus(400, Map.of(), VLLM_NO_SUFFIX).thenStream("token)", "<|endoftext|>");

        HttpResponse<String> r = post(gateway, """
                {"model": "stratus/small", "prompt": "const t = \\"%s\\";\\nfetch(", "suffix": "\\n", "stop": ["\\n\\n"], "stream": false}"""
                .formatted(TOKEN));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("choices").get(0).get("text").asText()).isEqualTo("token)");
        List<RecordedRequest> sent = upstreamCompletions(gateway);
        assertThat(sent).hasSize(2);
        RecordedRequest templated = sent.getLast();
        assertThat(templated.body()).doesNotContain(TOKEN);
        assertThat(templated.json().has("suffix")).isFalse();
        assertThat(templated.json().get("prompt").asText())
                .isEqualTo("<|fim_prefix|>const t = \"[REDACTED:github-token]\";\nfetch(<|fim_suffix|>\n<|fim_middle|>");
        JsonNode stop = templated.json().get("stop");
        assertThat(stop.get(0).asText()).isEqualTo("\n\n");
        assertThat(stop.toString()).contains("<|endoftext|>", "<|fim_pad|>", "<|file_sep|>");
    }

    @Test
    void theEditorsInlineCompletionWorksOnAServerWithoutSuffix() throws Exception {
        editor.upstream().openAiCompletions().thenStatus(400, Map.of(), VLLM_NO_SUFFIX).thenStream("a + ", "b;");

        String id = editor.rpc().result("ai/complete", Map.of("prefix", "function add(a, b) {\n  return ", "suffix", "\n}\n"))
                .get("requestId").asText();
        List<JsonNode> events = editor.events(id);

        assertThat(events).extracting(e -> e.get("method").asText()).containsExactly("ai/delta", "ai/done");
        assertThat(AiUnfinishedOutcomesTest.text(events)).isEqualTo("a + b;");
        assertThat(upstreamCompletions(editor).getLast().json().get("prompt").asText())
                .isEqualTo("<|fim_prefix|>function add(a, b) {\n  return <|fim_suffix|>\n}\n<|fim_middle|>");
    }
}
