package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model's tool call whose arguments are no JSON object (cut short, half written): the tool's
 * error goes back to the model, and the conversation with that call in it can still be sent.
 */
class MalformedToolCallTest {
    @TempDir
    Path data;

    @Test
    void anAnthropicToolUseWhoseInputIsNotJsonIsAnsweredWithTheToolsErrorNotAFailedRequest() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             ScriptedEngine e = new ScriptedEngine(data, List.of(new Deployment("claude", Tier.SMALL, ProviderKind.ANTHROPIC,
                     upstream.anthropicBaseUrl(), "claude", null, 32_000, null, true, TestDeployments.TIMEOUT)))) {
            upstream.anthropic("claude").thenStream(Answer.text("Reading.").toolCall("toolu_1", "read_file", "{\"path\": \"sr", "c/Ma"))
                    .thenStream(Answer.text("The call was cut; I will ask again."));
            AgentRuns.Panel panel = new AgentRuns.Panel(call -> "Error: The arguments are not JSON");

            RunResult result = e.engine.run(AgentRuns.chat(Tier.SMALL, "Read src/Main.java"), panel);

            assertThat(result.text()).isEqualTo("The call was cut; I will ask again.");
            assertThat(panel.ran).singleElement().satisfies(c -> assertThat(c.argumentsJson()).isEqualTo("{\"path\": \"src/Ma"));
            JsonNode sent = upstream.chatRequests().getLast().json().get("messages");
            JsonNode use = sent.get(1).get("content").get(1);
            assertThat(use.get("type").asText()).isEqualTo("tool_use");
            assertThat(use.get("input").toString()).as("what the model wrote, as it wrote it")
                    .isEqualTo("{\"unparsed_arguments\":\"{\\\"path\\\": \\\"src/Ma\"}");
            JsonNode toolResult = sent.get(2).get("content").get(0);
            assertThat(toolResult.get("tool_use_id").asText()).isEqualTo("toolu_1");
            assertThat(toolResult.get("content").asText()).isEqualTo("Error: The arguments are not JSON");
        }
    }
}
