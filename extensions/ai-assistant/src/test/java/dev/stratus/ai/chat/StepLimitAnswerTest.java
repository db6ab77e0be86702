package dev.stratus.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.chat.ConversationStore.Message;
import dev.stratus.ai.engine.Run;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.Task;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An answer the step limit ends before the model answered (its last step still asks for tool
 * calls, which are not run) says so in the server's words, live and as kept: never an empty
 * answer that looks complete.
 */
class StepLimitAnswerTest {
    @TempDir
    Path data;
    @TempDir
    Path root;

    private final List<String> deltas = new ArrayList<>();

    @Test
    void anAnswerTheStepLimitEndsWithoutAFinalAnswerSaysSoAndWhatWasDone() throws Exception {
        for (int i = 1; i <= 5; i++) {
            Files.writeString(root.resolve("f" + i + ".txt"), "line " + i);
        }
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             ScriptedEngine e = new ScriptedEngine(data, List.of(new Deployment("agent", Tier.SMALL, ProviderKind.OPENAI,
                     upstream.openAiBaseUrl(), "agent", null, 32_000, null, true, TestDeployments.TIMEOUT)))) {
            var script = upstream.openAi("agent");
            for (int i = 1; i <= 5; i++) {
                script.thenStream(Answer.empty().toolCall("call_" + i, i == 5 ? "list_files" : "read_file",
                        "{\"path\": \"" + (i == 5 ? "" : "f" + i + ".txt") + "\"}"));
            }
            script.thenStream(Answer.empty().toolCall("call_6", "run_command", "{\"command\": \"make\"}"));
            ChatTools tools = new ChatTools(new ToolFixtures.FolderSession(root), new ToolFixtures.NoTools(),
                    ToolFixtures.stepsTo(s -> { }), true, text -> text);
            ShownAnswer shown = new ShownAnswer("r1", new DeltaClient(deltas), tools, ToolFixtures.ALICE, text -> text);

            var result = e.engine.run(new Run("alice", "alice", "ws", "chat", Task.CHAT, "Build it", null,
                    List.of(ChatMessage.system("You are a helpful assistant."), ChatMessage.user("Build it")),
                    tools.specs(Task.CHAT), Tier.SMALL, null), shown);

            String line = "*The assistant stopped at the limit of 6 steps without a final answer. It had made 5 tool calls"
                    + " (read_file ×4, list_files); the calls it asked for last (run_command) were not run. Ask again to go on from here.*";
            assertThat(result.text()).as("the model wrote nothing").isEmpty();
            assertThat(String.join("", deltas)).isEqualTo(line);
            Message kept = shown.complete(null, null, "*Stopped at the limit of 6 steps; the model's last tool calls were not run.*");
            assertThat(kept.text()).as("kept as it was shown, the limit said once").isEqualTo(line);
        }
    }

    @Test
    void theLineComesAfterTheTextTheModelWroteAndNotForACompleteAnswer() {
        ShownAnswer shown = new ShownAnswer("r1", new DeltaClient(deltas), null, ToolFixtures.ALICE, text -> text);
        shown.text("Let me check.");
        shown.finished(new dev.stratus.ai.model.ChatResult("Let me check.", List.of(new dev.stratus.ai.model.ToolCall("c", "search",
                "{}")), null, "tool_calls"), null, Tier.SMALL, "agent", List.of());

        assertThat(shown.text()).isEqualTo("Let me check.\n\n*The assistant stopped at the limit of 6 steps without a final answer."
                + " No tool call was run; the calls it asked for last (search) were not run. Ask again to go on from here.*");

        ShownAnswer whole = new ShownAnswer("r2", new DeltaClient(new ArrayList<>()), null, ToolFixtures.ALICE, text -> text);
        whole.text("Done.");
        whole.finished(new dev.stratus.ai.model.ChatResult("Done.", List.of(), null, "stop"), null, Tier.SMALL, "agent", List.of());
        assertThat(whole.text()).isEqualTo("Done.");
    }

    /** A browser that keeps the answer's text as it came. */
    private record DeltaClient(List<String> deltas) implements AiClient {
        @Override
        public void delta(AiProtocol.Delta delta) {
            deltas.add(delta.text());
        }

        @Override
        public void notice(AiProtocol.Notice notice) {
        }

        @Override
        public void toolCall(AiProtocol.ToolStep step) {
        }

        @Override
        public void done(AiProtocol.Done done) {
        }
    }
}
