package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.Sampling;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolChoice;
import dev.stratus.ai.model.ToolSpec;
import dev.stratus.ai.model.Usage;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiClientTest {
    static final ChatRequest HELLO = new ChatRequest(List.of(ChatMessage.user("Hi")), null, null, null);

    final ScriptedUpstream upstream = ScriptedUpstream.start();
    private final HttpClient http = ProviderClients.newHttpClient();
    final OpenAiClient client = new OpenAiClient(http);
    final Deployment deployment = TestDeployments.openAi(upstream);
    final List<StreamEvent> events = new CopyOnWriteArrayList<>();

    /** Where the client hands each call's events. */
    Consumer<StreamEvent> sink() {
        return events::add;
    }

    @AfterEach
    void close() {
        upstream.close();
        http.close();
    }

    @Test
    void streamsTextDeltasInOrderThenUsageThenFinish() {
        upstream.openAi().thenStream(Answer.text("Hel", "lo", " world").usage(7, 3).chunkDelay(Duration.ofMillis(5)));

        ChatResult result = client.stream(deployment, HELLO, sink());

        assertThat(result).isEqualTo(new ChatResult("Hello world", List.of(), new Usage(7, 3), "stop"));
        assertThat(events).containsExactly(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"),
                new StreamEvent.TextDelta(" world"), new StreamEvent.UsageReport(new Usage(7, 3)),
                new StreamEvent.Finished("stop"));
    }

    @Test
    void aServerThatIgnoresStreamAndAnswersWithOneCompletionIsReadAsThatCompletion() {
        upstream.openAi().thenJson(200, """
                {"id": "chatcmpl-1", "object": "chat.completion", "model": "m",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "Whole answer."}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 9, "completion_tokens": 2}}""");
        assertThat(client.stream(deployment, HELLO, sink())).isEqualTo(new ChatResult("Whole answer.", List.of(), new Usage(9, 2), "stop"));
        assertThat(events).containsExactly(new StreamEvent.TextDelta("Whole answer."), new StreamEvent.UsageReport(new Usage(9, 2)),
                new StreamEvent.Finished("stop"));

        upstream.openAi().thenJson(200, """
                {"choices": [{"index": 0, "message": {"role": "assistant", "content": null,
                  "tool_calls": [{"id": "call_9", "type": "function", "function": {"name": "read_file", "arguments": "{\\"path\\": \\"a\\"}"}}]}}]}""");
        ChatResult call = client.stream(deployment, HELLO, sink());
        assertThat(call.toolCalls()).containsExactly(new ToolCall("call_9", "read_file", "{\"path\": \"a\"}"));
        assertThat(call.finishReason()).isEqualTo("tool_calls");

        upstream.openAi().thenJson(200, "{\"error\": {\"message\": \"model is loading\", \"type\": \"server_error\"}}");
        assertThat(catchThrowableOfType(ProviderException.class, () -> client.stream(deployment, HELLO, sink())).kind())
                .isEqualTo(ProviderException.Kind.SERVER_ERROR);
        upstream.openAi().thenJson(200, "{\"status\": \"ok\"}");
        assertThat(catchThrowableOfType(ProviderException.class, () -> client.stream(deployment, HELLO, sink())).getMessage())
                .contains("unreadable answer");
    }

    @Test
    void toolCallsSplitAcrossChunksAreAssembled() {
        upstream.openAi().thenStream(Answer.text("Let me look.")
                .toolCall("call_a", "read_file", "{\"pa", "th\": \"src/", "Main.java\"}")
                .toolCall("call_b", "search", "{\"query\":", "\"TODO\"}"));

        ChatResult result = client.stream(deployment, HELLO, sink());

        assertThat(result.toolCalls()).containsExactly(
                new ToolCall("call_a", "read_file", "{\"path\": \"src/Main.java\"}"),
                new ToolCall("call_b", "search", "{\"query\":\"TODO\"}"));
        assertThat(result.finishReason()).isEqualTo("tool_calls");
        assertThat(result.text()).isEqualTo("Let me look.");
        assertThat(events).filteredOn(StreamEvent.ToolCallDelta.class::isInstance).first()
                .isEqualTo(new StreamEvent.ToolCallDelta(0, "call_a", "read_file", ""));
    }

    @Test
    void requestCarriesStreamOptionsConversationAndTools() {
        upstream.openAi().thenStream("ok");
        ToolCall call = new ToolCall("call_1", "read_file", "{\"path\":\"a.txt\"}");
        ChatRequest request = new ChatRequest(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Read a.txt"),
                ChatMessage.assistant("", List.of(call)), ChatMessage.toolResult("call_1", "contents")),
                List.of(new ToolSpec("read_file", "Reads a file", "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}")),
                256, new Sampling(0.2, null, null, null, null, null, null, null, null));

        client.stream(deployment, request, sink());

        JsonNode body = upstream.lastRequest().json();
        assertThat(upstream.lastRequest().path()).isEqualTo("/v1/chat/completions");
        assertThat(body.get("model").asText()).isEqualTo("scripted-model");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.at("/messages/0").toString()).isEqualTo("{\"role\":\"system\",\"content\":\"Be brief.\"}");
        assertThat(body.at("/messages/2/content").isNull()).isTrue();
        assertThat(body.at("/messages/2/tool_calls/0").toString()).isEqualTo(
                "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\":\\\"a.txt\\\"}\"}}");
        assertThat(body.at("/messages/3").toString()).isEqualTo(
                "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"contents\"}");
        assertThat(body.at("/tools/0/type").asText()).isEqualTo("function");
        assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("read_file");
        assertThat(body.at("/tools/0/function/parameters/properties/path/type").asText()).isEqualTo("string");
    }

    @Test
    void samplingOptionsAreSentUnderTheChatCompletionsNames() {
        upstream.openAi().thenStream("ok");
        Sampling sampling = new Sampling(0.7, 0.9, List.of("\n\n", "END"), 42L, 0.5, -0.5, ToolChoice.function("read_file"), false,
                "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\",\"schema\":{\"type\":\"object\"}}}");
        ChatRequest request = new ChatRequest(HELLO.messages(), List.of(new ToolSpec("read_file", "Reads a file", "{\"type\":\"object\"}")),
                null, sampling);

        client.stream(deployment, request, sink());

        JsonNode body = upstream.lastRequest().json();
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.get("stop").toString()).isEqualTo("[\"\\n\\n\",\"END\"]");
        assertThat(body.get("seed").asLong()).isEqualTo(42);
        assertThat(body.get("presence_penalty").asDouble()).isEqualTo(0.5);
        assertThat(body.get("frequency_penalty").asDouble()).isEqualTo(-0.5);
        assertThat(body.get("tool_choice").toString()).isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"read_file\"}}");
        assertThat(body.get("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(body.at("/response_format/json_schema/name").asText()).isEqualTo("answer");
    }

    @Test
    void aToolChoiceIsSentOnlyWithTools() {
        upstream.openAi().thenStream("ok");

        client.stream(deployment, new ChatRequest(HELLO.messages(), null, null,
                new Sampling(null, null, null, null, null, null, ToolChoice.NONE, true, null)), sink());

        assertThat(upstream.lastRequest().json().has("tool_choice")).isFalse();
        assertThat(upstream.lastRequest().json().has("parallel_tool_calls")).isFalse();
        assertThat(upstream.lastRequest().json().has("temperature")).isFalse();
    }

    @Test
    void noToolsAndNoMaxTokensAreSentWhenNoneAreSet() {
        upstream.openAi().thenStream("ok");

        client.stream(deployment, HELLO, sink());

        assertThat(upstream.lastRequest().json().has("tools")).isFalse();
        assertThat(upstream.lastRequest().json().has("max_tokens")).isFalse();
    }

    @Test
    void bearerIsSentOnlyWhenTheDeploymentHasAKey() {
        upstream.openAi().thenStream("a").thenStream("b");

        client.stream(deployment, HELLO, sink());
        assertThat(upstream.lastRequest().header("authorization")).isNull();

        client.stream(TestDeployments.withKey(deployment, "sk-secret-123"), HELLO, sink());
        assertThat(upstream.lastRequest().header("authorization")).isEqualTo("Bearer sk-secret-123");
        assertThat(upstream.lastRequest().header("content-type")).isEqualTo("application/json");
    }

    @Test
    void noFirstByteWithinTheTimeoutIsTimeout() {
        upstream.openAi().thenHang();
        Deployment quick = TestDeployments.withTimeout(deployment, Duration.ofMillis(300));

        long start = System.nanoTime();
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.stream(quick, HELLO, sink()));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(e.getMessage()).contains("openai-small");
    }

    @Test
    void headersButNoBodyByteWithinTheTimeoutIsTimeout() {
        upstream.openAi().thenHeadersOnly();
        Deployment quick = TestDeployments.withTimeout(deployment, Duration.ofMillis(300));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.stream(quick, HELLO, sink()));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT);
    }

    @Test
    void refusedConnectionIsUnreachableNotATimeout() {
        // Port 1 on loopback: nothing listens there (a port just closed could be taken again).
        Deployment d = TestDeployments.openAi(upstream);
        Deployment nowhere = new Deployment(d.name(), d.tier(), d.provider(), java.net.URI.create("http://127.0.0.1:1/v1"), d.model(),
                null, null, null, null, d.timeout());

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.stream(nowhere, HELLO, sink()));

        // Still cooled down and fallen back from as a timeout, but a stopped server is not a slow one.
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNREACHABLE);
        assertThat(e.transientFailure()).isTrue();
        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).isEqualTo("deployment openai-small: refusing connections (is the server running at 127.0.0.1:1?)");
    }

    @Test
    void connectionDroppedMidAnswerIsStreamCutAndThePartialTextIsNotAnAnswer() {
        upstream.openAi().thenCut("The answer is", " forty");

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.stream(deployment, HELLO, sink()));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_CUT);
        assertThat(e.getMessage()).contains("connection broke mid-answer");
        assertThat(e.transientFailure()).isTrue();
        assertThat(events).containsExactly(new StreamEvent.TextDelta("The answer is"), new StreamEvent.TextDelta(" forty"));
        assertThat(events).noneMatch(StreamEvent.Finished.class::isInstance);
    }

    @Test
    void silenceMidAnswerIsStreamCut() {
        upstream.openAi().thenStream(Answer.text("Half an").thenStall());
        // long enough for the first chunks to arrive on a busy machine, so the silence comes after bytes
        Deployment patient = TestDeployments.withTimeout(deployment, Duration.ofMillis(1500));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.stream(patient, HELLO, sink()));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_CUT);
        assertThat(e.getMessage()).contains("no data for 1500 ms");
        assertThat(events).containsExactly(new StreamEvent.TextDelta("Half an"));
    }

    @Test
    void cleanEndWithoutFinishIsStreamCut() {
        upstream.openAi().thenStream(Answer.text("Trunc").thenEndWithoutFinish());

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.stream(deployment, HELLO, sink()));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_CUT);
    }

    @Test
    void doneWithoutFinishReasonIsStreamCut() {
        upstream.openAi().thenStatus(200, Map.of(),
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Tr\"},\"finish_reason\":null}]}\n\ndata: [DONE]\n\n");

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.stream(deployment, HELLO, sink()));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_CUT);
    }

    @Test
    void finishWithoutUsageOrDoneIsStillAnAnswer() {
        upstream.openAi().thenStatus(200, Map.of(),
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Ok\"},\"finish_reason\":\"length\"}]}\n\n");

        ChatResult result = client.stream(deployment, HELLO, sink());

        assertThat(result).isEqualTo(new ChatResult("Ok", List.of(), Usage.NONE, "length"));
        assertThat(events).last().isEqualTo(new StreamEvent.Finished("length"));
    }

    @Test
    void errorChunkInsideTheStreamIsAFailureEvenWhenDoneFollows() {
        upstream.openAi().thenStream(Answer.text("Part").thenFail("InternalServerError", "CUDA out of memory"));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.stream(deployment, HELLO, sink()));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("CUDA out of memory");
    }

    @Test
    void interruptedCallerGetsCancellationNotAProviderFailure() throws Exception {
        upstream.openAi().thenStream(Answer.text("Slow").thenStall());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                client.stream(deployment, HELLO, sink());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        while (events.isEmpty()) {
            Thread.sleep(10);
        }

        caller.interrupt();
        caller.join(Duration.ofSeconds(5));

        assertThat(failure.get()).isInstanceOf(CancellationException.class);
    }
}
