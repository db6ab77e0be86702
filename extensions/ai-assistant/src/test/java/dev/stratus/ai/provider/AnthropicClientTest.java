package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicClientTest {
    private static final ChatRequest HELLO = new ChatRequest(List.of(ChatMessage.user("Hi")), null, null, null);

    private final ScriptedUpstream upstream = ScriptedUpstream.start();
    private final HttpClient http = ProviderClients.newHttpClient();
    private final AnthropicClient client = new AnthropicClient(http);
    private final Deployment deployment = TestDeployments.anthropic(upstream);
    private final List<StreamEvent> events = new ArrayList<>();

    @AfterEach
    void close() {
        upstream.close();
        http.close();
    }

    @Test
    void streamsTextInOrderWithUsageFromStartAndDelta() {
        upstream.anthropic().thenStream(Answer.text("Bon", "jour").usage(21, 4).chunkDelay(Duration.ofMillis(5)));

        ChatResult result = client.stream(deployment, HELLO, events::add);

        assertThat(result).isEqualTo(new ChatResult("Bonjour", List.of(), new Usage(21, 4), "stop"));
        assertThat(events).containsExactly(new StreamEvent.TextDelta("Bon"), new StreamEvent.TextDelta("jour"),
                new StreamEvent.UsageReport(new Usage(21, 4)), new StreamEvent.Finished("stop"));
    }

    @Test
    void toolUseBlocksAreAssembledFromJsonDeltasAndNumberedFromZero() {
        upstream.anthropic().thenStream(Answer.text("Checking.")
                .toolCall("toolu_1", "read_file", "{\"path\"", ": \"pom", ".xml\"}")
                .toolCall("toolu_2", "list_files"));

        ChatResult result = client.stream(deployment, HELLO, events::add);

        assertThat(result.toolCalls()).containsExactly(new ToolCall("toolu_1", "read_file", "{\"path\": \"pom.xml\"}"),
                new ToolCall("toolu_2", "list_files", "{}"));
        assertThat(result.finishReason()).isEqualTo("tool_calls");
        assertThat(events).contains(new StreamEvent.ToolCallDelta(0, "toolu_1", "read_file", ""),
                new StreamEvent.ToolCallDelta(0, null, null, ".xml\"}"),
                new StreamEvent.ToolCallDelta(1, "toolu_2", "list_files", ""));
    }

    @Test
    void stopReasonsAreReportedInOneVocabulary() {
        upstream.anthropic().thenStream(Answer.text("cut short").finish("max_tokens"));

        assertThat(client.stream(deployment, HELLO, events::add).finishReason()).isEqualTo("length");
    }

    @ParameterizedTest
    @CsvSource({"end_turn, stop", "stop_sequence, stop", "max_tokens, length", "tool_use, tool_calls", "refusal, content_filter",
            "model_context_window_exceeded, length", "pause_turn, stop", "a_reason_added_later, stop"})
    void everyStopReasonIsOneOfOpenAisFinishReasons(String stopReason, String finishReason) {
        upstream.anthropic().thenStream(Answer.text("text").finish(stopReason));

        assertThat(client.stream(deployment, HELLO, events::add).finishReason()).isEqualTo(finishReason);
    }

    @Test
    void aTurnWithNoContentIsLeftOutAndAConversationOfOnlySystemTextIsRefusedBeforeItIsSent() throws Exception {
        ChatRequest request = new ChatRequest(List.of(ChatMessage.user("a"), ChatMessage.assistant("", List.of()), ChatMessage.user("b")),
                null, null, null);
        JsonNode body = Json.MAPPER.readTree(AnthropicClient.requestBody(deployment, request));
        assertThat(body.get("messages")).hasSize(2).allSatisfy(m -> assertThat(m.get("content")).isNotEmpty());

        ChatRequest onlySystem = new ChatRequest(List.of(ChatMessage.system("Be brief.")), null, null, null);
        assertThatThrownBy(() -> AnthropicClient.requestBody(deployment, onlySystem)).isInstanceOf(ProviderException.class)
                .satisfies(e -> assertThat(((ProviderException) e).kind()).isEqualTo(ProviderException.Kind.BAD_REQUEST))
                .hasMessageContaining("needs a user message");
    }

    @Test
    void requestMapsSystemToolUseAndToolResults() {
        upstream.anthropic().thenStream("ok");
        ChatRequest request = new ChatRequest(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Read both"),
                ChatMessage.assistant("Reading.", List.of(new ToolCall("toolu_1", "read_file", "{\"path\":\"a\"}"),
                        new ToolCall("toolu_2", "read_file", "{\"path\":\"b\"}"))),
                ChatMessage.toolResult("toolu_1", "A"), ChatMessage.toolResult("toolu_2", "B"), ChatMessage.user("Now?")),
                List.of(new ToolSpec("read_file", "Reads a file", "{\"type\":\"object\"}")), null, null);

        client.stream(deployment, request, events::add);

        JsonNode body = upstream.lastRequest().json();
        assertThat(upstream.lastRequest().path()).isEqualTo("/v1/messages");
        assertThat(body.get("model").asText()).isEqualTo("scripted-claude");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("system").asText()).isEqualTo("Be brief.");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(AnthropicClient.DEFAULT_MAX_TOKENS);
        assertThat(body.get("messages")).hasSize(3);
        assertThat(body.at("/messages/0").toString())
                .isEqualTo("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Read both\"}]}");
        assertThat(body.at("/messages/1/content/1").toString())
                .isEqualTo("{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"read_file\",\"input\":{\"path\":\"a\"}}");
        assertThat(body.at("/messages/2/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/2/content/0").toString())
                .isEqualTo("{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"A\"}");
        assertThat(body.at("/messages/2/content/1/tool_use_id").asText()).isEqualTo("toolu_2");
        assertThat(body.at("/messages/2/content/2/text").asText()).isEqualTo("Now?");
        assertThat(body.at("/tools/0").toString())
                .isEqualTo("{\"name\":\"read_file\",\"description\":\"Reads a file\",\"input_schema\":{\"type\":\"object\"}}");
    }

    @Test
    void samplingOptionsAreSentUnderTheMessagesApiNames() {
        upstream.anthropic().thenStream("a").thenStream("b");
        List<ToolSpec> tools = List.of(new ToolSpec("read_file", "Reads a file", "{\"type\":\"object\"}"));

        client.stream(deployment, new ChatRequest(HELLO.messages(), tools, null,
                new Sampling(0.3, 0.8, List.of("END"), null, null, null, ToolChoice.REQUIRED, false, null)), events::add);
        JsonNode body = upstream.lastRequest().json();
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.8);
        assertThat(body.get("stop_sequences").toString()).isEqualTo("[\"END\"]");
        assertThat(body.has("stop")).isFalse();
        assertThat(body.get("tool_choice").toString()).isEqualTo("{\"type\":\"any\",\"disable_parallel_tool_use\":true}");

        client.stream(deployment, new ChatRequest(HELLO.messages(), tools, null,
                new Sampling(null, null, null, null, null, null, ToolChoice.function("read_file"), null, null)), events::add);
        assertThat(upstream.lastRequest().json().get("tool_choice").toString()).isEqualTo("{\"type\":\"tool\",\"name\":\"read_file\"}");
    }

    @Test
    void anOptionTheMessagesApiLacksIsRefusedNotDropped() {
        int before = upstream.requests().size();

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.stream(deployment, new ChatRequest(HELLO.messages(),
                null, null, new Sampling(null, null, null, 7L, null, null, null, null, "{\"type\":\"json_object\"}")), events::add));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_REQUEST);
        assertThat(e.getMessage()).contains("seed", "response_format");
        assertThat(upstream.requests()).hasSize(before);
    }

    @Test
    void maxTokensIsTheRequestsElseTheDeploymentsElseTheDefault() {
        upstream.anthropic().thenStream("a").thenStream("b");

        client.stream(TestDeployments.configured(deployment, null, 1000, null), HELLO, events::add);
        assertThat(upstream.lastRequest().json().get("max_tokens").asInt()).isEqualTo(1000);

        client.stream(deployment, new ChatRequest(HELLO.messages(), null, 50, null), events::add);
        assertThat(upstream.lastRequest().json().get("max_tokens").asInt()).isEqualTo(50);
    }

    @Test
    void sendsVersionAlwaysAndTheKeyOnlyWhenThereIsOne() {
        upstream.anthropic().thenStream("a").thenStream("b");

        client.stream(deployment, HELLO, events::add);
        assertThat(upstream.lastRequest().header("x-api-key")).isNull();
        assertThat(upstream.lastRequest().header("anthropic-version")).isEqualTo("2023-06-01");

        client.stream(TestDeployments.withKey(deployment, "sk-ant-secret"), HELLO, events::add);
        assertThat(upstream.lastRequest().header("x-api-key")).isEqualTo("sk-ant-secret");
        assertThat(upstream.lastRequest().header("authorization")).isNull();
    }

    @ParameterizedTest
    @CsvSource({"overloaded_error, OVERLOADED", "rate_limit_error, RATE_LIMITED", "api_error, SERVER_ERROR",
            "invalid_request_error, BAD_REQUEST"})
    void errorEventMidStreamIsAFailureNotAFinish(String type, ProviderException.Kind kind) {
        upstream.anthropic().thenStream(Answer.text("Half of").thenFail(type, "Something went wrong"));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.stream(deployment, HELLO, events::add));

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.getMessage()).contains("anthropic-large", type, "Something went wrong");
        assertThat(events).containsExactly(new StreamEvent.TextDelta("Half of"));
    }

    @Test
    void connectionDroppedMidAnswerIsStreamCut() {
        upstream.anthropic().thenCut("The plan:", " first");

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.stream(deployment, HELLO, events::add));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_CUT);
        assertThat(events).noneMatch(StreamEvent.Finished.class::isInstance);
    }

    @Test
    void endWithoutMessageStopIsStreamCut() {
        upstream.anthropic().thenStream(Answer.text("The plan:").thenEndWithoutFinish());

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.stream(deployment, HELLO, events::add));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_CUT);
    }

    @Test
    void silenceAfterMessageStartIsStreamCut() {
        // long enough for message_start to arrive on a busy machine, so the silence comes after bytes
        Deployment patient = TestDeployments.withTimeout(deployment, Duration.ofMillis(1500));
        upstream.anthropic().thenStream(Answer.empty().thenStall());

        assertThat(catchThrowableOfType(ProviderException.class, () -> client.stream(patient, HELLO, events::add)).kind())
                .isEqualTo(ProviderException.Kind.STREAM_CUT);
    }

    @Test
    void noResponseIsTimeout() {
        upstream.anthropic().thenHang();
        Deployment quick = TestDeployments.withTimeout(deployment, Duration.ofMillis(300));

        assertThat(catchThrowableOfType(ProviderException.class, () -> client.stream(quick, HELLO, events::add)).kind())
                .isEqualTo(ProviderException.Kind.TIMEOUT);
    }
}
