package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that ignores the answer's bound ({@code max_tokens}) and writes on: it is not followed
 * far past it, so a budget's reservation bounds what it can cost and memory what it can fill.
 */
class BoundOverrunTest {
    /** 10 tokens: at most 12 * 10 + 4096 characters are followed. */
    static final ChatRequest BOUNDED = new ChatRequest(List.of(ChatMessage.user("Hi")), null, 10, null);
    static final long LIMIT = AnswerAssembler.CHARS_PER_TOKEN_AT_MOST * 10 + AnswerAssembler.SLACK_CHARS;

    final ScriptedUpstream upstream = ScriptedUpstream.start();
    private final HttpClient http = ProviderClients.newHttpClient();
    final List<StreamEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        upstream.close();
        http.close();
    }

    /** 400 chunks of 100 characters: 40,000, ten times what an answer of 10 tokens could be. */
    static String[] flood() {
        String[] chunks = new String[400];
        java.util.Arrays.fill(chunks, "x".repeat(99) + " ");
        return chunks;
    }

    @Test
    void anOpenAiCompatibleServerFarPastItsBoundIsCutThereAsALengthFinish() {
        upstream.openAi().thenStream(flood());

        ChatResult r = new OpenAiClient(http).stream(TestDeployments.openAi(upstream), BOUNDED, events::add);

        assertThat(r.finishReason()).isEqualTo("length");
        assertThat((long) r.text().length()).isGreaterThan(LIMIT).isLessThanOrEqualTo(LIMIT + 100);
        assertThat(events).last().isEqualTo(new StreamEvent.Finished("length"));
    }

    @Test
    void anAnthropicServerFarPastItsBoundIsCutThereAsALengthFinish() {
        upstream.anthropic().thenStream(flood());

        ChatResult r = new AnthropicClient(http).stream(TestDeployments.anthropic(upstream), BOUNDED, events::add);

        assertThat(r.finishReason()).isEqualTo("length");
        assertThat((long) r.text().length()).isGreaterThan(LIMIT).isLessThanOrEqualTo(LIMIT + 100);
    }

    @Test
    void anAnswerWithinItsBoundIsReadWhole() {
        upstream.openAi().thenStream("x".repeat(99) + " ", "done");

        ChatResult r = new OpenAiClient(http).stream(TestDeployments.openAi(upstream), BOUNDED, events::add);

        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(r.text()).hasSize(104);
    }
}
