package dev.stratus.ai.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake itself: routing, ordering and recording that other tests rely on. */
class ScriptedUpstreamTest {
    private final ScriptedUpstream upstream = ScriptedUpstream.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void close() {
        upstream.close();
        http.close();
    }

    /** The least the Messages API takes. */
    private static final String MESSAGES_REQUEST = """
            {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}]}""";

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(upstream.root() + path)).header("X-Probe", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(upstream.openAiBaseUrl().toString()).startsWith("http://127.0.0.1:").endsWith("/v1");
    }

    @Test
    void stepsForAModelAreServedBeforeStepsForAnyModel() throws Exception {
        upstream.openAi().thenStatus(503);
        upstream.openAi("big").thenStatus(429);

        assertThat(post("/v1/chat/completions", "{\"model\":\"big\"}").statusCode()).isEqualTo(429);
        assertThat(post("/v1/chat/completions", "{\"model\":\"big\"}").statusCode()).isEqualTo(503);
        assertThat(upstream.unusedSteps()).isZero();
    }

    @Test
    void requestWithNoStepLeftGetsA500SayingSo() throws Exception {
        HttpResponse<String> response = post("/v1/messages", MESSAGES_REQUEST);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("no scripted answer left");
    }

    @Test
    void aMessagesRequestTheRealApiRefusesGetsItsRefusalWithoutTakingAStep() throws Exception {
        upstream.anthropic().thenStream("Hi");

        HttpResponse<String> response = post("/v1/messages", """
                {"model": "m", "max_tokens": 5, "messages": [{"role": "assistant", "content": [{"type": "text", "text": "Hello"}]}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid_request_error", "first message must use the \\\"user\\\" role");
        assertThat(upstream.unusedSteps()).isOne();
    }

    @Test
    void unknownPathIsA404AndEveryRequestIsRecorded() throws Exception {
        assertThat(post("/elsewhere", "{\"secret\":1}").statusCode()).isEqualTo(404);

        RecordedRequest r = upstream.lastRequest();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/elsewhere");
        assertThat(r.header("x-probe")).isEqualTo("1");
        assertThat(r.body()).isEqualTo("{\"secret\":1}");
        assertThat(r.raw()).contains("x-probe", "secret");
    }

    @Test
    void streamIsRenderedInTheRealOpenAiFormat() throws Exception {
        upstream.openAi().thenStream(Answer.text("Hi").usage(3, 1));

        String body = post("/v1/chat/completions", "{\"model\":\"m\"}").body();

        assertThat(body).contains("\"delta\":{\"content\":\"Hi\"}", "\"finish_reason\":\"stop\"",
                "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}").endsWith("data: [DONE]\n\n");
    }

    @Test
    void streamIsRenderedInTheRealAnthropicFormat() throws Exception {
        upstream.anthropic().thenStream(Answer.text("Hi"));

        String body = post("/v1/messages", MESSAGES_REQUEST).body();

        assertThat(body).startsWith("event: message_start\n").contains("event: ping\n",
                "{\"type\":\"text_delta\",\"text\":\"Hi\"}", "\"stop_reason\":\"end_turn\"").endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }
}
