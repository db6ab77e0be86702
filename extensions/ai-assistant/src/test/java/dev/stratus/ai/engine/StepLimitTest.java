package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent loop's last step: its tool calls' results would reach no model, so it is asked for
 * without tool calls and the user is told; a call the model makes there all the same is not run.
 */
class StepLimitTest {
    static final String LAST_STEP = "steps: This is the last of the 6 steps an answer may take: the model is asked to answer"
            + " with what it has found so far, without calling more tools.";

    @TempDir
    Path data;

    /** Five steps of tool calls, then {@code last}. */
    static void script(ScriptedUpstream upstream, Answer last) {
        var script = upstream.openAi("agent");
        for (int i = 1; i <= 5; i++) {
            script.thenStream(Answer.empty().toolCall("call_" + i, "read_file", "{\"path\": \"f" + i + ".txt\"}"));
        }
        script.thenStream(last);
    }

    @Test
    void theLastStepIsAskedForWithoutToolCallsAndItsAnswerEndsTheRun() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             ScriptedEngine e = new ScriptedEngine(data, List.of(AgentRuns.deployment(upstream, "agent", Tier.SMALL, 32_000)))) {
            script(upstream, Answer.text("From the five files: they all hold one line."));
            AgentRuns.Panel panel = new AgentRuns.Panel(call -> "one line");

            RunResult result = e.engine.run(AgentRuns.chat(Tier.SMALL, "Read the files"), panel);

            assertThat(upstream.requests()).hasSize(6);
            JsonNode last = upstream.requests().get(5).json();
            assertThat(last.path("tool_choice").asText()).isEqualTo("none");
            assertThat(last.path("tools")).as("the earlier calls still have their tools described").hasSize(1);
            assertThat(toolResults(last)).hasSize(5);
            assertThat(upstream.requests().get(4).json().has("tool_choice")).isFalse();
            assertThat(panel.ran).hasSize(5);
            assertThat(panel.notices).containsExactly(LAST_STEP);
            assertThat(result.text()).isEqualTo("From the five files: they all hold one line.");
            assertThat(panel.finished).isNotNull();
        }
    }

    @Test
    void aToolCallTheModelMakesInTheLastStepAllTheSameIsNotRun() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             ScriptedEngine e = new ScriptedEngine(data, List.of(AgentRuns.deployment(upstream, "agent", Tier.SMALL, 32_000)))) {
            script(upstream, Answer.empty().toolCall("call_6", "run_command", "{\"command\": \"touch flag\"}"));
            AgentRuns.Panel panel = new AgentRuns.Panel(call -> "one line");

            RunResult result = e.engine.run(AgentRuns.chat(Tier.SMALL, "Read the files, then touch the flag"), panel);

            assertThat(upstream.requests()).hasSize(6);
            assertThat(panel.ran).extracting(ToolCall::id).containsExactly("call_1", "call_2", "call_3", "call_4", "call_5");
            assertThat(panel.notices).containsExactly(LAST_STEP,
                    "steps: The model asked for a tool call (run_command) past the limit of 6 steps; it was not run.");
            assertThat(result.toolCalls()).extracting(ToolCall::id).containsExactly("call_6");
            assertThat(panel.finished).as("the answer ends there").isNotNull();
        }
    }

    private static List<JsonNode> toolResults(JsonNode body) {
        return StreamSupport.stream(body.path("messages").spliterator(), false)
                .filter(m -> m.path("role").asText().equals("tool")).toList();
    }
}
