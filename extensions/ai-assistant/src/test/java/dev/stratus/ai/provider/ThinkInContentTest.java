package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.model.Usage;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reasoning models served without a reasoning parser, on the wire: the thinking comes in the
 * {@code content} deltas, and is not the answer.
 */
class ThinkInContentTest {
    final ScriptedUpstream upstream = ScriptedUpstream.start();
    private final HttpClient http = ProviderClients.newHttpClient();
    final OpenAiClient client = new OpenAiClient(http);
    final Deployment deployment = TestDeployments.openAi(upstream);
    final List<StreamEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        upstream.close();
        http.close();
    }

    private static String content(String tail, String text) {
        return "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":" + Json.MAPPER.valueToTree(text) + "}}]," + tail;
    }

    /**
     * llama.cpp server with {@code --reasoning-format none} (or a build before it parsed
     * reasoning) and Qwen3: the tags are in the content, cut where the tokens fall.
     */
    @Test
    void llamaCppThinkTagsInTheContentAreNotTheAnswer() {
        String tail = "\"created\":1,\"id\":\"chatcmpl-Q3\",\"model\":\"qwen3-8b\",\"system_fingerprint\":\"b5200-a1b2\",\"object\":\"chat.completion.chunk\"}\n\n";
        upstream.openAi().thenEvents(
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null}}]," + tail,
                content(tail, "<th"), content(tail, "ink>\nThe user"), content(tail, " greets me.\n</"), content(tail, "think"),
                content(tail, ">\n"), content(tail, "\nHello"), content(tail, "!"),
                "data: {\"choices\":[{\"finish_reason\":\"stop\",\"index\":0,\"delta\":{}}]," + tail,
                "data: {\"choices\":[],\"usage\":{\"completion_tokens\":14,\"prompt_tokens\":9,\"total_tokens\":23}," + tail,
                "data: [DONE]\n\n");

        ChatResult result = client.stream(deployment, OpenAiClientTest.HELLO, events::add);

        assertThat(result).isEqualTo(new ChatResult("Hello!", List.of(), new Usage(9, 14), "stop", "\nThe user greets me.\n".length()));
        assertThat(events).filteredOn(StreamEvent.TextDelta.class::isInstance)
                .containsExactly(new StreamEvent.TextDelta("Hello"), new StreamEvent.TextDelta("!"));
        assertThat(events).contains(new StreamEvent.Thought("\nThe user greets me.\n".length(), 0, true));
    }

    /**
     * Ollama's {@code /v1} before it parsed thinking, with DeepSeek-R1's template, which ends the
     * prompt with {@code <think>\n}: only the end of the block is in the content. What streamed
     * before it is taken back.
     */
    @Test
    void ollamaClosingTagAloneEndsThinkingTheTemplateOpened() {
        String head = "{\"id\":\"chatcmpl-88\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-r1:8b\",\"system_fingerprint\":\"fp_ollama\",";
        upstream.openAi().thenEvents(
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Okay\"},\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\", a greeting.\\n\"},\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\\u003c/think\\u003e\"},\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\\n\\nHi there\"},\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":\"stop\"}]}\n\n",
                "data: [DONE]\n\n");

        ChatResult result = client.stream(deployment, OpenAiClientTest.HELLO, events::add);

        assertThat(result.text()).isEqualTo("Hi there");
        assertThat(events).containsSubsequence(new StreamEvent.TextDelta("Okay"), new StreamEvent.TextDelta(", a greeting.\n"),
                new StreamEvent.Thought("Okay, a greeting.\n".length(), "Okay, a greeting.\n".length(), true),
                new StreamEvent.TextDelta("Hi there"), new StreamEvent.Finished("stop"));
    }
}
