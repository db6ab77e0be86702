package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both wire formats send the request's answer bound, the one its budget reservation holds, never
 * more; within what the deployment gives (its limit, what its context leaves), so that a bound
 * too large for one deployment of a tier is not an error there.
 */
class AnswerBoundBodyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ChatRequest HI = new ChatRequest(List.of(ChatMessage.user("hi")), List.of(), 3000, null);

    static Deployment deployment(ProviderKind kind, Integer context, Integer maxOutput) {
        return new Deployment("d", Tier.SMALL, kind, URI.create("http://127.0.0.1:1/v1"), "m", null, context, maxOutput, false,
                Duration.ofSeconds(5));
    }

    static int maxTokens(byte[] body) throws Exception {
        JsonNode json = JSON.readTree(body);
        return json.path("max_tokens").asInt(-1);
    }

    @Test
    void anthropicSendsTheRequestsBoundNotItsOwnDefault() throws Exception {
        assertThat(maxTokens(AnthropicClient.requestBody(deployment(ProviderKind.ANTHROPIC, 200_000, 8000), HI))).isEqualTo(3000);
        assertThat(maxTokens(AnthropicClient.requestBody(deployment(ProviderKind.ANTHROPIC, 200_000, 1000), HI))).isEqualTo(1000);
        assertThat(maxTokens(AnthropicClient.requestBody(deployment(ProviderKind.ANTHROPIC, 200_000, null),
                new ChatRequest(HI.messages(), List.of(), 9000, null)))).isEqualTo(Deployment.ANTHROPIC_OUTPUT);
    }

    @Test
    void openAiSendsTheRequestsBoundWithinTheDeploymentsLimitAndContext() throws Exception {
        assertThat(maxTokens(OpenAiClient.requestBody(deployment(ProviderKind.OPENAI, null, null), HI))).isEqualTo(3000);
        assertThat(maxTokens(OpenAiClient.requestBody(deployment(ProviderKind.OPENAI, 32_000, 1000), HI))).isEqualTo(1000);
        // A server that refuses a prompt and bound longer than its context (vLLM) is sent what its context leaves.
        assertThat(maxTokens(OpenAiClient.requestBody(deployment(ProviderKind.OPENAI, 2000, null), HI))).isEqualTo(2000 - 5);
    }
}
