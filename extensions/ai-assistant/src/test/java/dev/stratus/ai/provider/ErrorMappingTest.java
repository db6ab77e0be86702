package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.ProviderException.Kind;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import dev.stratus.ai.testing.UpstreamScript;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP failures of both wire formats, classified the same way. */
class ErrorMappingTest {
    private static final String PROMPT = "the confidential prompt text";
    private static final ChatRequest REQUEST = new ChatRequest(List.of(ChatMessage.user(PROMPT)), null, null, null);
    private static final String KEY = "sk-live-0123456789abcdef";

    private final ScriptedUpstream upstream = ScriptedUpstream.start();
    private final HttpClient http = ProviderClients.newHttpClient();
    private final ProviderClients clients = new ProviderClients(http);

    @AfterEach
    void close() {
        upstream.close();
        http.close();
    }

    private Deployment deployment(String wire) {
        return TestDeployments.withKey(wire.equals("openai") ? TestDeployments.openAi(upstream) : TestDeployments.anthropic(upstream), KEY);
    }

    private UpstreamScript script(String wire) {
        return wire.equals("openai") ? upstream.openAi() : upstream.anthropic();
    }

    private ProviderException fail(String wire) {
        return catchThrowableOfType(ProviderException.class, () -> clients.stream(deployment(wire), REQUEST, e -> { }));
    }

    @ParameterizedTest
    @CsvSource({"openai, 429, RATE_LIMITED", "anthropic, 429, RATE_LIMITED", "openai, 503, OVERLOADED",
            "anthropic, 529, OVERLOADED", "openai, 529, OVERLOADED", "openai, 500, SERVER_ERROR",
            "anthropic, 500, SERVER_ERROR", "openai, 502, SERVER_ERROR", "openai, 401, AUTH", "anthropic, 401, AUTH",
            "anthropic, 403, AUTH", "openai, 400, BAD_REQUEST", "anthropic, 400, BAD_REQUEST", "openai, 404, BAD_REQUEST",
            "openai, 422, BAD_REQUEST"})
    void statusIsClassified(String wire, int status, Kind kind) {
        script(wire).thenStatus(status);

        ProviderException e = fail(wire);

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.getMessage()).contains(deployment(wire).name(), "HTTP " + status).doesNotContain(KEY, PROMPT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // OpenAI
        "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens.\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}",
        // vLLM, older and newer shapes
        "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.\",\"type\":\"BadRequestError\",\"code\":400}",
        "{\"error\":{\"message\":\"This model's maximum context length is 4096 tokens.\",\"type\":\"BadRequestError\",\"code\":400}}",
        // llama.cpp server
        "{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size, try increasing it\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":9000,\"n_ctx\":8192}}",
        // TGI
        "{\"error\":\"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs` tokens and 200 `max_new_tokens`\",\"error_type\":\"validation\"}",
        // Anthropic
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 208000 tokens > 200000 maximum\"}}"
    })
    void contextLengthErrorsOfEachServerAreContextOverflow(String body) {
        upstream.openAi().thenStatus(400, Map.of(), body);

        ProviderException e = fail("openai");

        assertThat(e.kind()).isEqualTo(Kind.CONTEXT_OVERFLOW);
        assertThat(e.transientFailure()).isFalse();
    }

    static Stream<Arguments> statedContexts() {
        return Stream.of(
                // OpenAI
                Arguments.of("{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens. However, your messages resulted"
                        + " in 9000 tokens.\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}", 8192),
                // vLLM, both wordings
                Arguments.of("{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens. However, you requested"
                        + " 5000 tokens.\",\"type\":\"BadRequestError\",\"code\":400}", 4096),
                Arguments.of("{\"error\":{\"message\":\"The decoder prompt (length 9000) is longer than the maximum model length of 4096.\","
                        + "\"type\":\"BadRequestError\",\"code\":400}}", 4096),
                // llama.cpp server, its numbers in the error object or in the message
                Arguments.of("{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size, try increasing it\","
                        + "\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":9000,\"n_ctx\":8192}}", 8192),
                Arguments.of("{\"error\":{\"code\":400,\"message\":\"request (9000 tokens) exceeds the available context size (4096 tokens)\","
                        + "\"type\":\"exceed_context_size_error\"}}", 4096),
                // TGI
                Arguments.of("{\"error\":\"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs`"
                        + " tokens and 200 `max_new_tokens`\",\"error_type\":\"validation\"}", 4096),
                // Anthropic
                Arguments.of("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 208000"
                        + " tokens > 200000 maximum\"}}", 200000),
                // Ollama and others that name no number: the limit is unknown, never the request's size
                Arguments.of("{\"error\":{\"message\":\"the input length exceeds the context length\",\"type\":\"api_error\"}}", null),
                Arguments.of("{\"error\":{\"message\":\"context_length_exceeded: your request has 9000 tokens\"}}", null));
    }

    @ParameterizedTest
    @MethodSource("statedContexts")
    void theContextAServerSaysItServesIsReadFromItsRefusal(String body, Integer served) {
        upstream.openAi().thenStatus(400, Map.of(), body);

        ProviderException e = fail("openai");

        assertThat(e.kind()).isEqualTo(Kind.CONTEXT_OVERFLOW);
        assertThat(e.servedContext()).isEqualTo(served);
    }

    @Test
    void retryAfterInSecondsIsKept() {
        upstream.anthropic().thenStatus(429, Map.of("Retry-After", "2"));

        assertThat(fail("anthropic").retryAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterAsHttpDateIsTheWaitUntilThen() {
        String in90s = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(90).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        upstream.openAi().thenStatus(429, Map.of("Retry-After", in90s));

        assertThat(fail("openai").retryAfter()).isBetween(Duration.ofSeconds(80), Duration.ofSeconds(90));
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() {
        upstream.openAi().thenStatus(429, Map.of("Retry-After", "30", "retry-after-ms", "1500"));

        assertThat(fail("openai").retryAfter()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void missingOrUnreadableRetryAfterIsNull() {
        upstream.openAi().thenStatus(429).thenStatus(429, Map.of("Retry-After", "soon"));

        assertThat(fail("openai").retryAfter()).isNull();
        assertThat(fail("openai").retryAfter()).isNull();
    }

    @Test
    void overloadedWithRetryAfterKeepsIt() {
        upstream.anthropic().thenStatus(529, Map.of("retry-after", "5"));

        ProviderException e = fail("anthropic");

        assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void providerMessageIsIncludedTruncatedAndAnEchoedKeyIsBlanked() {
        String longMessage = "Incorrect API key provided: " + KEY + ". " + "x".repeat(400);
        upstream.openAi().thenStatus(401, Map.of(), "{\"error\":{\"message\":\"" + longMessage + "\",\"code\":\"invalid_api_key\"}}");

        ProviderException e = fail("openai");

        assertThat(e.getMessage()).startsWith("deployment openai-small: HTTP 401: Incorrect API key provided: ***. xxx")
                .doesNotContain(KEY).hasSizeLessThan(ProviderErrors.MAX_MESSAGE + 60);
        assertThat(e.toString()).doesNotContain(KEY);
        assertThat(deployment("openai").toString()).doesNotContain(KEY);
    }

    @Test
    void nonJsonErrorBodyIsQuotedAsText() {
        upstream.openAi().thenStatus(502, Map.of(), "<html>Bad Gateway</html>");

        assertThat(fail("openai").getMessage()).isEqualTo("deployment openai-small: HTTP 502: <html>Bad Gateway</html>");
    }
}
