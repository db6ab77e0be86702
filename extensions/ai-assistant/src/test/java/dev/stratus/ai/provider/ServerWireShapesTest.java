package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.StreamEvent;
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
}
