package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.Usage;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A text completion sent to an OpenAI-compatible server's {@code /completions}, streamed or answered whole. */
class TextCompletionClientTest {
    static final Sampling STOP = new Sampling(0.2, null, List.of("\n\n"), null, null, null, null, null, null);
    static final ChatRequest FIM = new ChatRequest(List.of(ChatMessage.user("def add(a, b):\n    "), ChatMessage.user("\n")),
            List.of(), 32, STOP, true);

    final ScriptedUpstream upstream = ScriptedUpstream.start();
    private final HttpClient http = ProviderClients.newHttpClient();
    final OpenAiClient client = new OpenAiClient(http);
    final Deployment deployment = TestDeployments.openAi(upstream);

    @AfterEach
    void close() {
        upstream.close();
        http.close();
    }

    @Test
    void promptAndSuffixGoToCompletionsAndEachChoicesTextIsTheAnswer() {
        upstream.openAiCompletions().thenStream(Answer.text("return ", "a + b").usage(12, 4));

        ChatResult result = client.stream(deployment, FIM, e -> { });

        assertThat(result).isEqualTo(new ChatResult("return a + b", List.of(), new Usage(12, 4), "stop"));
        assertThat(upstream.lastRequest().path()).isEqualTo("/v1/completions");
        JsonNode sent = upstream.lastRequest().json();
        assertThat(sent.get("prompt").asText()).isEqualTo("def add(a, b):\n    ");
        assertThat(sent.get("suffix").asText()).isEqualTo("\n");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(32);
        assertThat(sent.get("stop").get(0).asText()).isEqualTo("\n\n");
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.has("messages")).isFalse();
    }

    @Test
    void aServerThatIgnoresStreamAndAnswersWithOneTextCompletionIsReadAsIt() {
        upstream.openAiCompletions().thenJson(200, """
                {"id": "cmpl-1", "object": "text_completion", "model": "m",
                 "choices": [{"index": 0, "text": "return a + b", "logprobs": null, "finish_reason": "length"}],
                 "usage": {"prompt_tokens": 9, "completion_tokens": 5}}""");

        assertThat(client.stream(deployment, FIM, e -> { })).isEqualTo(new ChatResult("return a + b", List.of(), new Usage(9, 5), "length"));
    }

    @Test
    void aServerWithoutCompletionsIsSaidToServeNone() {
        upstream.openAiCompletions().thenStatus(404, Map.of(), "{\"detail\":\"Not Found\"}");

        assertThatThrownBy(() -> client.stream(deployment, FIM, e -> { })).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_REQUEST);
            assertThat(e.getMessage()).contains("does not serve text completions").contains("completions: false");
        });
    }
}
