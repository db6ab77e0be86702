package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderException;
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
 * The streams OpenAI-compatible servers really send, byte for byte as their sources write them,
 * and what the client makes of each: the text, tool calls, usage, finish and failures.
 */
class ServerWireShapesTest {
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

    private ChatResult call() {
        return client.stream(deployment, OpenAiClientTest.HELLO, events::add);
    }

    private ProviderException failure() {
        return catchThrowableOfType(ProviderException.class, this::call);
    }

    /**
     * llama.cpp server (examples/server/server.cpp, then tools/server/server.cpp, until its
     * streamed errors became {@code data: {"error": ...}} chunks): a failure after the 200 is
     * written by {@code server_sent_event(sink, "error", error_data)} as an {@code error:} line,
     * followed by {@code data: [DONE]}. The prompt no longer fitting the slot is one such failure.
     */
    @Test
    void llamaCppStreamedErrorLineIsItsFailureNotACutStream() {
        upstream.openAi().thenEvents(
                "error: {\"code\":400,\"message\":\"the request exceeds the available context size, try increasing it\","
                        + "\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":5120,\"n_ctx\":4096}\n\n",
                "data: [DONE]\n\n");

        ProviderException e = failure();

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONTEXT_OVERFLOW);
        assertThat(e.servedContext()).isEqualTo(4096);
        assertThat(e.getMessage()).contains("exceeds the available context size");
    }

    /** llama.cpp, the same way: a model still loading says so with code 503, which is worth another try elsewhere. */
    @Test
    void llamaCppStreamedUnavailableErrorIsOverloaded() {
        upstream.openAi().thenEvents(
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":\"Par\"}}],\"object\":\"chat.completion.chunk\"}\n\n",
                "error: {\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}\n\n",
                "data: [DONE]\n\n");

        ProviderException e = failure();

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.OVERLOADED);
        assertThat(e.getMessage()).contains("Loading model");
    }

    /**
     * vLLM with a reasoning parser (entrypoints/openai serving_chat.py, DeltaMessage dumped with
     * exclude_unset): the thinking comes as {@code reasoning_content} (newer builds also
     * {@code reasoning}) deltas before the answer's {@code content}; the usage chunk, with no
     * choices, counts the thinking among the completion tokens. The thinking is not the answer:
     * it is passed on as thinking, once when both names carry it; the usage charged is the
     * reported one.
     */
    @Test
    void vllmReasoningIsNeitherTheAnswerNorLostFromTheUsage() {
        String head = "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"Qwen/Qwen3-8B\",";
        upstream.openAi().thenEvents(
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"The user greets me.\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\" Answer briefly.\",\"reasoning_content\":\" Answer briefly.\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"},\"logprobs\":null,\"finish_reason\":\"stop\",\"stop_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"total_tokens\":120,\"completion_tokens\":111}}\n\n",
                "data: [DONE]\n\n");

        int thinking = "The user greets me. Answer briefly.".length();
        assertThat(call()).isEqualTo(new ChatResult("Hello!", List.of(), new Usage(9, 111), "stop", thinking));
        assertThat(events).containsExactly(new StreamEvent.ThinkingDelta("The user greets me."),
                new StreamEvent.ThinkingDelta(" Answer briefly."), new StreamEvent.Thought(thinking, 0, true),
                new StreamEvent.TextDelta("Hello"), new StreamEvent.TextDelta("!"),
                new StreamEvent.UsageReport(new Usage(9, 111)), new StreamEvent.Finished("stop"));
    }

    /**
     * Ollama's /v1 (openai/openai.go ToChunk, middleware/openai.go ChatWriter): each tool call
     * whole in a chunk of its own, arguments a JSON string, {@code index} counting the calls;
     * {@code finish_reason} "tool_calls" on the last chunk, then, for {@code include_usage}, a
     * copy of that chunk with no choices and the usage; thinking as {@code reasoning}.
     */
    @Test
    void ollamaToolCallsEachWholeInTheirOwnChunkAreTwoCalls() {
        String head = "{\"id\":\"chatcmpl-417\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"qwen3:8b\",\"system_fingerprint\":\"fp_ollama\",";
        upstream.openAi().thenEvents(
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":\"Read it first.\"},\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_k2v9x1qz\",\"index\":0,"
                        + "\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\":\\\"a.txt\\\"}\"}}]},\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_p0s7m3ea\",\"index\":1,"
                        + "\"type\":\"function\",\"function\":{\"name\":\"search\",\"arguments\":\"{\\\"query\\\":\\\"TODO\\\"}\"}}]},\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":\"tool_calls\"}]}\n\n",
                "data: " + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":17,\"total_tokens\":59}}\n\n",
                "data: [DONE]\n\n");

        ChatResult result = call();

        assertThat(result.toolCalls()).containsExactly(new ToolCall("call_k2v9x1qz", "read_file", "{\"path\":\"a.txt\"}"),
                new ToolCall("call_p0s7m3ea", "search", "{\"query\":\"TODO\"}"));
        assertThat(result.text()).isEmpty();
        assertThat(result.usage()).isEqualTo(new Usage(42, 17));
        assertThat(result.finishReason()).isEqualTo("tool_calls");
    }

    /**
     * llama.cpp server (common/chat.cpp common_chat_msg_diff_to_json_oaicompat, server
     * to_json_oaicompat_chat_stream): a role delta with {@code "content": null}, the call's id and
     * name in its first fragment only, {@code index} on every fragment, thinking as
     * {@code reasoning_content}; the finish in a chunk with an empty delta, then the usage with
     * no choices and the server's {@code timings}.
     */
    @Test
    void llamaCppToolCallFragmentsAndTimingsAreRead() {
        String tail = "\"created\":1,\"id\":\"chatcmpl-Zk1\",\"model\":\"gpt-3.5-turbo\",\"system_fingerprint\":\"b6100-3f4c\",\"object\":\"chat.completion.chunk\"}\n\n";
        upstream.openAi().thenEvents(
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null}}]," + tail,
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"reasoning_content\":\"A file.\"}}]," + tail,
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"f3XqYb2\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"read_file\",\"arguments\":\"\"}}]}}]," + tail,
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"path\\\":\"}}]}}]," + tail,
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\" \\\"a.txt\\\"}\"}}]}}]," + tail,
                "data: {\"choices\":[{\"finish_reason\":\"tool_calls\",\"index\":0,\"delta\":{}}]," + tail,
                "data: {\"choices\":[],\"usage\":{\"completion_tokens\":12,\"prompt_tokens\":30,\"total_tokens\":42},"
                        + "\"timings\":{\"prompt_n\":30,\"prompt_ms\":10.2,\"predicted_n\":12,\"predicted_ms\":80.5}," + tail,
                "data: [DONE]\n\n");

        assertThat(call()).isEqualTo(new ChatResult("", List.of(new ToolCall("f3XqYb2", "read_file", "{\"path\": \"a.txt\"}")),
                new Usage(30, 12), "tool_calls", "A file.".length()));
    }

    /**
     * text-generation-inference 2.x (router/src/lib.rs: {@code ToolCallDelta { role, tool_calls:
     * DeltaToolCall }}): {@code tool_calls} is one call as an object, not a list, with an empty
     * {@code id} and {@code name} null after the first fragment.
     */
    @Test
    void tgiToolCallSentAsAnObjectIsRead() {
        String tail = "\"created\":1,\"id\":\"\",\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"system_fingerprint\":\"2.4.1-native\",\"object\":\"chat.completion.chunk\"}\n\n";
        upstream.openAi().thenEvents(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":{\"index\":0,\"id\":\"\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\":\"}}},\"logprobs\":null,\"finish_reason\":null}]," + tail,
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":{\"index\":0,\"id\":\"\",\"type\":\"function\","
                        + "\"function\":{\"name\":null,\"arguments\":\"\\\"a.txt\\\"}\"}}},\"logprobs\":null,\"finish_reason\":null}]," + tail,
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":\"eos_token\"}]," + tail,
                "data: [DONE]\n\n");

        ChatResult result = call();

        assertThat(result.toolCalls()).containsExactly(new ToolCall("call_0", "read_file", "{\"path\":\"a.txt\"}"));
        // TGI's eos_token is not a word OpenAI's clients know: the answer ends as stop.
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @Test
    void everyFinishReasonIsOneOfOpenAis() {
        assertThat(java.util.stream.Stream.of("stop", "length", "tool_calls", "content_filter", "function_call", "max_tokens",
                "eos_token", "eos", "abort", "some_later_word").map(OpenAiClient::finishReason))
                .containsExactly("stop", "length", "tool_calls", "content_filter", "tool_calls", "length", "stop", "stop", "stop", "stop");
    }
}
