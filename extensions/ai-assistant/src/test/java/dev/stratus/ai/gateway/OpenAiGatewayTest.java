package dev.stratus.ai.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.AssistantState;
import dev.stratus.ai.config.AiConfig;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.HttpRequest;
import dev.stratus.extension.api.HttpResponse;
import dev.stratus.extension.api.WorkspaceAccess;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the gateway answers before it asks the engine anything. No engine is given: a request
 * that reached it would fail the test.
 */
class OpenAiGatewayTest {
    static final Deployment CLAUDE = new Deployment("claude", Tier.LARGE, ProviderKind.ANTHROPIC, URI.create("https://127.0.0.1:9"),
            "claude", null, 200_000, 4096, true, Duration.ofSeconds(5));

    record Post(byte[] body) implements HttpRequest {
        @Override
        public Caller caller() {
            return new Caller("alice", "Alice", Optional.empty());
        }

        @Override
        public String method() {
            return "POST";
        }

        @Override
        public String path() {
            return "chat/completions";
        }

        @Override
        public Map<String, String> pathParameters() {
            return Map.of();
        }

        @Override
        public Optional<String> query(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.empty();
        }

        @Override
        public WorkspaceAccess workspace(String workspaceId) {
            throw new UnsupportedOperationException();
        }
    }

    static JsonNode error(HttpResponse response) throws Exception {
        return new ObjectMapper().readTree(response.body()).get("error");
    }

    @Test
    void anOptionNoConfiguredModelsApiTakesIsABadRequestNotAnOutage() throws Exception {
        OpenAiGateway gateway = new OpenAiGateway(null, new AssistantState(AiConfig.empty(), List.of(CLAUDE), Map.of(), null,
                new Cooldowns()));

        HttpResponse response = gateway.completions(new Post("""
                {"model": "stratus/large", "temperature": 1.5, "seed": 3, "messages": [{"role": "user", "content": "hi"}]}"""
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response).get("param").asText()).isEqualTo("temperature");
        assertThat(error(response).get("message").asText()).isEqualTo("No configured model's API takes temperature above 1, seed");
    }

    @Test
    void aReasoningEffortOnlyAnthropicDeploymentsCouldBeGivenIsABadRequestNotDropped() throws Exception {
        OpenAiGateway gateway = new OpenAiGateway(null, new AssistantState(AiConfig.empty(), List.of(CLAUDE), Map.of(), null,
                new Cooldowns()));

        HttpResponse response = gateway.completions(new Post("""
                {"model": "stratus/large", "reasoning_effort": "high", "messages": [{"role": "user", "content": "hi"}]}"""
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(error(response).get("param").asText()).isEqualTo("reasoning_effort");
        assertThat(error(response).get("message").asText()).isEqualTo("No configured model's API takes reasoning_effort");
    }

    @Test
    void aModelOrStreamFlagOfTheWrongTypeIsRefusedNotGuessedAt() throws Exception {
        // Jackson would read "yes" as false and 1 or "true" as true: a client asking for a stream with a string could get
        // a plain answer it waits on as a stream, or the other way round.
        OpenAiGateway gateway = new OpenAiGateway(null, new AssistantState(AiConfig.empty(), List.of(CLAUDE), Map.of(), null,
                new Cooldowns()));
        String messages = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";
        Map<String, String> refused = Map.of(
                "\"model\": 5", "model",
                "\"model\": [\"stratus/large\"]", "model",
                "\"stream\": \"yes\"", "stream",
                "\"stream\": \"false\"", "stream",
                "\"stream\": 1", "stream",
                "\"stream\": true, \"stream_options\": \"x\"", "stream_options",
                "\"stream\": true, \"stream_options\": {\"include_usage\": \"true\"}", "stream_options.include_usage");

        for (var field : refused.entrySet()) {
            HttpResponse response = gateway.completions(new Post(("{" + field.getKey() + ", " + messages + "}")
                    .getBytes(StandardCharsets.UTF_8)));

            assertThat(response.status()).as(field.getKey()).isEqualTo(400);
            assertThat(error(response).get("param").asText()).as(field.getKey()).isEqualTo(field.getValue());
            assertThat(error(response).get("type").asText()).isEqualTo("invalid_request_error");
        }
    }
}
