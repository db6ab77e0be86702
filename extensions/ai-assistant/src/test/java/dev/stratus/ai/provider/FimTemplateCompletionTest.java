package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.FimTemplate;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fill-in-the-middle on servers that take no {@code suffix} (vLLM, TGI): the suffix written into the
 * prompt in the model's template, configured or learnt from a refusal.
 */
class FimTemplateCompletionTest {
    static final String VLLM_NO_SUFFIX = """
            {"object": "error", "message": "suffix is not currently supported", "type": "BadRequestError", "param": null, "code": 400}""";
    static final String QWEN_STOPS_JSON = "[\"\\n\\n\",\"<|fim_prefix|>\",\"<|fim_suffix|>\",\"<|fim_middle|>\",\"<|endoftext|>\","
            + "\"<|fim_pad|>\",\"<|repo_name|>\",\"<|file_sep|>\",\"<|im_start|>\",\"<|im_end|>\"]";

    final ScriptedUpstream upstream = ScriptedUpstream.start();
    private final HttpClient http = ProviderClients.newHttpClient();
    final OpenAiClient client = new OpenAiClient(http);

    @AfterEach
    void close() {
        upstream.close();
        http.close();
    }

    Deployment model(String model, FimTemplate fim) {
        Deployment d = TestDeployments.openAi(upstream);
        return new Deployment(d.name(), d.tier(), d.provider(), d.baseUrl(), model, null, null, null, null, d.timeout(), null, null, fim);
    }

    @Test
    void aServerRefusingSuffixGetsTheQwenTemplateOnceAndFromThenOn() {
        Deployment qwen = model("Qwen/Qwen2.5-Coder-7B", null);
        upstream.openAiCompletions("Qwen/Qwen2.5-Coder-7B").thenStatus(400, Map.of(), VLLM_NO_SUFFIX)
                .thenStream(Answer.text("return ", "a + b"))
                .thenStream(Answer.text("a - b"));

        ChatResult result = client.stream(qwen, TextCompletionClientTest.FIM, e -> { });

        assertThat(result.text()).isEqualTo("return a + b");
        List<JsonNode> sent = upstream.requests().stream().map(r -> r.json()).toList();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).get("suffix").asText()).isEqualTo("\n");
        assertThat(sent.get(1).has("suffix")).isFalse();
        assertThat(sent.get(1).get("prompt").asText()).isEqualTo("<|fim_prefix|>def add(a, b):\n    <|fim_suffix|>\n<|fim_middle|>");
        assertThat(sent.get(1).get("stop").toString()).isEqualTo(QWEN_STOPS_JSON);

        // Remembered: the next goes in the template straight away.
        assertThat(client.stream(qwen, TextCompletionClientTest.FIM, e -> { }).text()).isEqualTo("a - b");
        assertThat(upstream.requests()).hasSize(3);
        assertThat(upstream.lastRequest().json().get("prompt").asText()).startsWith("<|fim_prefix|>");
    }

    @Test
    void aConfiguredCodeLlamaTemplateIsSentWithoutTryingSuffix() {
        upstream.openAiCompletions("codellama-7b").thenStream(Answer.text("a + b"));

        client.stream(model("codellama-7b", FimTemplate.CODELLAMA), TextCompletionClientTest.FIM, e -> { });

        JsonNode sent = upstream.lastRequest().json();
        assertThat(sent.get("prompt").asText()).isEqualTo("<PRE> def add(a, b):\n     <SUF>\n <MID>");
        assertThat(sent.has("suffix")).isFalse();
        assertThat(sent.get("stop").toString()).isEqualTo("[\"\\n\\n\",\"<PRE>\",\"<SUF>\",\"<MID>\",\"<EOT>\"]");
        assertThat(upstream.requests()).hasSize(1);
    }

    @Test
    void codestralTakesTheSuffixFirst() {
        upstream.openAiCompletions("codestral-22b").thenStream(Answer.text("a + b"));

        client.stream(model("codestral-22b", FimTemplate.CODESTRAL), TextCompletionClientTest.FIM, e -> { });

        assertThat(upstream.lastRequest().json().get("prompt").asText()).isEqualTo("[SUFFIX]\n[PREFIX]def add(a, b):\n    ");
    }

    @Test
    void aStopTokenTheServerPassesOnEndsTheAnswerAndIsNotPartOfIt() {
        upstream.openAiCompletions("qwen2.5-coder:1.5b").thenStream(Answer.text("return a", " + b<|endo", "ftext|>\nmore"));
        List<String> deltas = new ArrayList<>();

        ChatResult result = client.stream(model("qwen2.5-coder:1.5b", FimTemplate.QWEN), TextCompletionClientTest.FIM, e -> {
            if (e instanceof StreamEvent.TextDelta t) {
                deltas.add(t.text());
            }
        });

        assertThat(result.text()).isEqualTo("return a + b");
        assertThat(String.join("", deltas)).isEqualTo("return a + b");
    }

    @Test
    void aTemplatesTokensInTheCodeAreTakenOutSoTheyCannotEndThePrefix() {
        upstream.openAiCompletions("qwen2.5-coder:1.5b").thenStream(Answer.text("x"));
        ChatRequest tricky = new ChatRequest(List.of(ChatMessage.user("s = '<|fim_<|fim_middle|>middle|>'\n"),
                ChatMessage.user("t = '<|endoftext|>'")), List.of(), 16, null, true);

        client.stream(model("qwen2.5-coder:1.5b", FimTemplate.QWEN), tricky, e -> { });

        assertThat(upstream.lastRequest().json().get("prompt").asText())
                .isEqualTo("<|fim_prefix|>s = ''\n<|fim_suffix|>t = ''<|fim_middle|>");
    }

    @Test
    void anUnknownModelOnAServerRefusingSuffixIsA400SayingToSetFim() {
        upstream.openAiCompletions("my-finetune").thenStatus(400, Map.of(), VLLM_NO_SUFFIX);

        assertThatThrownBy(() -> client.stream(model("my-finetune", null), TextCompletionClientTest.FIM, e -> { }))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_REQUEST);
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("suffix is not currently supported").contains("set fim")
                            .contains("qwen, codellama");
                });
        assertThat(upstream.requests()).hasSize(1);
    }

    @Test
    void anotherBadRequestIsNotSentAgain() {
        upstream.openAiCompletions("qwen2.5-coder:1.5b").thenStatus(400, Map.of(), "{\"message\": \"max_tokens must be at least 1\"}");

        assertThatThrownBy(() -> client.stream(model("qwen2.5-coder:1.5b", null), TextCompletionClientTest.FIM, e -> { }))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage()).doesNotContain("fim"));
        assertThat(upstream.requests()).hasSize(1);
    }

    @Test
    void theModelsTemplateIsToldFromItsNameAsContinueDoes() {
        assertThat(FimTemplate.forModel("Qwen/Qwen2.5-Coder-1.5B")).isEqualTo(FimTemplate.QWEN);
        assertThat(FimTemplate.forModel("codellama:7b-code")).isEqualTo(FimTemplate.CODELLAMA);
        assertThat(FimTemplate.forModel("deepseek-ai/deepseek-coder-6.7b-base")).isEqualTo(FimTemplate.DEEPSEEK);
        assertThat(FimTemplate.forModel("bigcode/starcoder2-3b")).isEqualTo(FimTemplate.STARCODER);
        assertThat(FimTemplate.forModel("google/codegemma-2b")).isEqualTo(FimTemplate.CODEGEMMA);
        assertThat(FimTemplate.forModel("codestral-latest")).isEqualTo(FimTemplate.CODESTRAL);
        assertThat(FimTemplate.forModel("llama3.1:8b")).isNull();
    }
}
