package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.Usage;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reasoning models served with a reasoning parser, on the wire: the thinking comes in a field of
 * its own beside {@code content} ({@code reasoning_content}: vLLM, llama.cpp, LM Studio,
 * DeepSeek; {@code reasoning}: Ollama's {@code /v1}, newer vLLM). It is the model's thinking, not
 * its answer: passed on as such, counted, and followed by the answer.
 */
class ReasoningFieldsTest {
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

    private static String llamaCpp(String delta) {
        return "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":" + delta + "}],\"created\":1762593253,"
                + "\"id\":\"chatcmpl-DHvc\",\"model\":\"gpt-oss:120b\",\"system_fingerprint\":\"b6881-8b11deea4\",\"object\":\"chat.completion.chunk\"}\n\n";
    }

    /** llama.cpp server, whose {@code --reasoning-format} takes the thinking out of the content. */
    @Test
    void llamaCppReasoningContentIsThinkingAndTheContentIsTheAnswer() {
        upstream.openAi().thenEvents(
                llamaCpp("{\"role\":\"assistant\",\"content\":null}"),
                llamaCpp("{\"reasoning_content\":\"We\"}"), llamaCpp("{\"reasoning_content\":\" greet back.\"}"),
                llamaCpp("{\"content\":\"Hello\"}"), llamaCpp("{\"content\":\"!\"}"),
                "data: {\"choices\":[{\"finish_reason\":\"stop\",\"index\":0,\"delta\":{}}],\"created\":1,\"id\":\"chatcmpl-DHvc\","
                        + "\"model\":\"gpt-oss:120b\",\"object\":\"chat.completion.chunk\",\"usage\":{\"completion_tokens\":12,"
                        + "\"prompt_tokens\":9,\"total_tokens\":21}}\n\n",
                "data: [DONE]\n\n");

        ChatResult result = client.stream(deployment, OpenAiClientTest.HELLO, events::add);

        assertThat(result).isEqualTo(new ChatResult("Hello!", List.of(), new Usage(9, 12), "stop", "We greet back.".length()));
        assertThat(events).containsExactly(new StreamEvent.ThinkingDelta("We"), new StreamEvent.ThinkingDelta(" greet back."),
                new StreamEvent.Thought("We greet back.".length(), 0, true),
                new StreamEvent.TextDelta("Hello"), new StreamEvent.TextDelta("!"),
                new StreamEvent.UsageReport(new Usage(9, 12)), new StreamEvent.Finished("stop"));
    }

    /** Ollama's {@code /v1}: {@code reasoning}, with an empty {@code content} in every chunk. */
    @Test
    void ollamaReasoningBesideAnEmptyContentIsThinking() {
        String head = "{\"id\":\"chatcmpl-412\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"qwen3:8b\",\"system_fingerprint\":\"fp_ollama\",";
        upstream.openAi().thenEvents(
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":\"Okay, a\"},\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":\" greeting.\"},\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi there\"},\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":\"stop\"}]}\n\n",
                "data: [DONE]\n\n");

        ChatResult result = client.stream(deployment, OpenAiClientTest.HELLO, events::add);

        assertThat(result.text()).isEqualTo("Hi there");
        assertThat(result.thinkingChars()).isEqualTo("Okay, a greeting.".length());
        assertThat(events).containsSubsequence(new StreamEvent.ThinkingDelta("Okay, a"), new StreamEvent.ThinkingDelta(" greeting."),
                new StreamEvent.Thought("Okay, a greeting.".length(), 0, true), new StreamEvent.TextDelta("Hi there"),
                new StreamEvent.Finished("stop"));
    }

    /** vLLM between the field's two names sends both, with the same text: it is one thinking, counted once. */
    @Test
    void bothNamesInOneDeltaAreTheSameThinking() {
        upstream.openAi().thenEvents(
                llamaCpp("{\"reasoning_content\":\"Hmm.\",\"reasoning\":\"Hmm.\"}"),
                llamaCpp("{\"content\":\"Done.\"}"),
                "data: {\"choices\":[{\"finish_reason\":\"stop\",\"index\":0,\"delta\":{}}]}\n\n",
                "data: [DONE]\n\n");

        ChatResult result = client.stream(deployment, OpenAiClientTest.HELLO, events::add);

        assertThat(result.thinkingChars()).isEqualTo(4);
        assertThat(events).filteredOn(StreamEvent.ThinkingDelta.class::isInstance).containsExactly(new StreamEvent.ThinkingDelta("Hmm."));
    }

    /** gpt-oss thinks, then calls a tool: the thinking ends where the call begins. */
    @Test
    void thinkingBeforeAToolCallEndsAtTheCall() {
        upstream.openAi().thenEvents(
                llamaCpp("{\"reasoning_content\":\"Need the file.\"}"),
                llamaCpp("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\":\\\"a\\\"}\"}}]}"),
                "data: {\"choices\":[{\"finish_reason\":\"tool_calls\",\"index\":0,\"delta\":{}}]}\n\n",
                "data: [DONE]\n\n");

        ChatResult result = client.stream(deployment, OpenAiClientTest.HELLO, events::add);

        assertThat(result.toolCalls()).containsExactly(new ToolCall("call_1", "read_file", "{\"path\":\"a\"}"));
        assertThat(events).containsSubsequence(new StreamEvent.ThinkingDelta("Need the file."),
                new StreamEvent.Thought("Need the file.".length(), 0, true),
                new StreamEvent.ToolCallDelta(0, "call_1", "read_file", "{\"path\":\"a\"}"));
    }

    /** The length limit came while the model was still thinking: no answer, and the thinking says it never ended. */
    @Test
    void anAnswerCutWhileThinkingHasNoTextAndItsThinkingIsUnfinished() {
        upstream.openAi().thenEvents(
                llamaCpp("{\"reasoning_content\":\"Let me weigh\"}"), llamaCpp("{\"reasoning_content\":\" the options\"}"),
                "data: {\"choices\":[{\"finish_reason\":\"length\",\"index\":0,\"delta\":{}}]}\n\n",
                "data: [DONE]\n\n");

        ChatResult result = client.stream(deployment, OpenAiClientTest.HELLO, events::add);

        assertThat(result.text()).isEmpty();
        assertThat(result.finishReason()).isEqualTo("length");
        assertThat(events).filteredOn(e -> !(e instanceof StreamEvent.ThinkingDelta))
                .containsExactly(new StreamEvent.Thought("Let me weigh the options".length(), 0, false), new StreamEvent.Finished("length"));
    }

    /** A server that ignores {@code stream} and answers with one completion holding its reasoning. */
    @Test
    void aWholeAnswersReasoningIsThinking() {
        upstream.openAi().thenJson(200, """
                {"id": "chatcmpl-2", "object": "chat.completion", "model": "deepseek-r1",
                 "choices": [{"index": 0, "message": {"role": "assistant", "reasoning_content": "Think first.", "content": "Answer."},
                  "finish_reason": "stop"}]}""");

        ChatResult result = client.stream(deployment, OpenAiClientTest.HELLO, events::add);

        assertThat(result.text()).isEqualTo("Answer.");
        assertThat(result.thinkingChars()).isEqualTo("Think first.".length());
        assertThat(events).containsExactly(new StreamEvent.ThinkingDelta("Think first."), new StreamEvent.Thought(12, 0, true),
                new StreamEvent.TextDelta("Answer."), new StreamEvent.Finished("stop"));
    }
}
