package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.anthropic;
import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Without a deployment that serves text completions, {@code ai/complete} is NotFound at once,
 * naming each deployment and why, and no model is asked: the editor takes it for inline
 * completion being off.
 */
class AiInlineCompletionOffTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(
            deployment("chat-only", "small", "chat-only", 16000).withoutCompletions(),
            anthropic("claude", "medium", "claude", 32000));

    /** Requests that asked a model (chat or text completions), not the background probes' GET /models. */
    static int modelCalls() {
        return (int) ai.upstream().requests().stream().filter(r -> r.path().endsWith("completions")).count();
    }

    @Test
    void noDeploymentServingCompletionsIsNotFoundAndNothingIsAsked() throws Exception {
        int calls = modelCalls();

        JsonNode error = ai.rpc().call("ai/complete", Map.of("prefix", "int x = ", "suffix", ";\n")).get("error");

        assertThat(error.get("code").asInt()).isEqualTo(1001);
        assertThat(error.get("message").asText()).contains("Inline completion is off")
                .contains("chat-only: configured with completions: false", "claude: the anthropic API has no completions endpoint");

        assertThat(modelCalls()).isEqualTo(calls);
    }
}
