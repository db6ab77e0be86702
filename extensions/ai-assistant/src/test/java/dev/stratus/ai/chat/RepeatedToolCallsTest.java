package dev.stratus.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.ToolCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model stuck in a loop makes the same call again and again: within one answer an identical
 * repeat is not run again (a command is not offered for approval twice), and the model is told
 * what the first call gave; a read runs again once something may have been written since.
 */
class RepeatedToolCallsTest {
    private static final String APPEND = "{\"command\": \"echo ran >> log.txt\"}";

    @TempDir
    Path root;

    private final List<AiProtocol.ToolStep> steps = new CopyOnWriteArrayList<>();
    private ChatTools tools;

    /** Tools whose user answers every approval with {@code approve}. */
    private ChatTools tools(boolean approve) {
        tools = new ChatTools(new ToolFixtures.FolderSession(root), new ToolFixtures.NoTools(), ToolFixtures.stepsTo(step -> {
            steps.add(step);
            if (step.state().equals("pending")) {
                tools.decide(step.requestId(), step.callId(), step.step(), step.index(), approve);
            }
        }), true, text -> text);
        return tools;
    }

    private static List<ToolCall> call(String id, String name, String arguments) {
        return List.of(new ToolCall(id, name, arguments));
    }

    @Test
    void aReadRepeatedWithNothingWrittenSinceIsAnsweredWithWhatItGaveNotRunAgain() throws IOException {
        Files.writeString(root.resolve("a.txt"), "first");
        ChatTools t = tools(true);
        assertThat(t.run("r1", 1, ToolFixtures.ALICE, call("c1", "read_file", "{\"path\": \"a.txt\"}"))).containsExactly("first");
        Files.writeString(root.resolve("a.txt"), "changed where the tools cannot see");

        String again = t.run("r1", 2, ToolFixtures.ALICE, call("c2", "read_file", "{ \"path\":\"a.txt\" }")).getFirst();

        assertThat(again).startsWith("Not run again: you made this same call (read_file with the same arguments) in step 1")
                .contains("nothing has been written since").contains("It returned: first")
                .endsWith("Use that result, or try something else.");
        assertThat(steps.getLast().state()).isEqualTo(RepeatedCalls.REPEATED);
        assertThat(steps.getLast().result()).isEqualTo(again);
        assertThat(steps.getLast().step()).isEqualTo(2);
    }

    @Test
    void aReadRunsAgainOnceACommandMayHaveWrittenSince() throws IOException {
        Files.writeString(root.resolve("a.txt"), "first");
        ChatTools t = tools(true);
        t.run("r1", 1, ToolFixtures.ALICE, call("c1", "read_file", "{\"path\": \"a.txt\"}"));
        t.run("r1", 2, ToolFixtures.ALICE, call("c2", ChatTools.RUN_COMMAND, "{\"command\": \"printf second > a.txt\"}"));

        assertThat(t.run("r1", 3, ToolFixtures.ALICE, call("c3", "read_file", "{\"path\": \"a.txt\"}"))).containsExactly("second");
        assertThat(t.run("r1", 4, ToolFixtures.ALICE, call("c4", "read_file", "{\"path\": \"a.txt\"}")).getFirst())
                .as("nothing written since the second read").startsWith("Not run again").contains("It returned: second");
    }

    @Test
    void aCommandRepeatedInOneAnswerIsNeitherOfferedForApprovalNorRunAgain() throws IOException {
        ChatTools t = tools(true);
        String first = t.run("r1", 1, ToolFixtures.ALICE, call("c1", ChatTools.RUN_COMMAND, APPEND)).getFirst();

        List<String> repeats = t.run("r1", 2, ToolFixtures.ALICE, List.of(new ToolCall("c2", ChatTools.RUN_COMMAND, APPEND),
                new ToolCall("c3", ChatTools.RUN_COMMAND, APPEND)));

        assertThat(first).isEqualTo("Exit code 0\n");
        assertThat(Files.readAllLines(root.resolve("log.txt"))).containsExactly("ran");
        assertThat(steps).filteredOn(s -> s.state().equals("pending")).hasSize(1);
        assertThat(repeats).allSatisfy(r -> assertThat(r).startsWith("Not run again")
                .contains("nothing else that may change the workspace has run since").contains("It returned: Exit code 0"));
        assertThat(steps).filteredOn(s -> s.step() == 2).extracting(AiProtocol.ToolStep::state)
                .containsExactly(RepeatedCalls.REPEATED, RepeatedCalls.REPEATED);
        // Another answer is another request of the user's: it asks again.
        t.run("r2", 1, ToolFixtures.ALICE, call("c1", ChatTools.RUN_COMMAND, APPEND));
        assertThat(Files.readAllLines(root.resolve("log.txt"))).containsExactly("ran", "ran");
    }

    @Test
    void aCommandRunsAgainOnceAnotherCallMayHaveWrittenSinceAsTestsAreRunAgainAfterAFix() throws IOException {
        ChatTools t = tools(true);
        t.run("r1", 1, ToolFixtures.ALICE, call("c1", ChatTools.RUN_COMMAND, APPEND));
        t.run("r1", 2, ToolFixtures.ALICE, call("c2", ChatTools.RUN_COMMAND, "{\"command\": \"printf fixed > a.txt\"}"));

        assertThat(t.run("r1", 3, ToolFixtures.ALICE, call("c3", ChatTools.RUN_COMMAND, APPEND))).containsExactly("Exit code 0\n");
        assertThat(Files.readAllLines(root.resolve("log.txt"))).containsExactly("ran", "ran");
        assertThat(steps).filteredOn(s -> s.state().equals("pending")).hasSize(3);
    }

    @Test
    void aDeniedCommandIsNotOfferedAgainAndTheModelIsToldTheUserDeniedIt() throws IOException {
        ChatTools t = tools(false);
        assertThat(t.run("r1", 1, ToolFixtures.ALICE, call("c1", ChatTools.RUN_COMMAND, APPEND))).containsExactly("The user denied this call.");

        String again = t.run("r1", 2, ToolFixtures.ALICE, call("c2", ChatTools.RUN_COMMAND, APPEND)).getFirst();

        assertThat(t.run("r1", 3, ToolFixtures.ALICE, call("c3", ChatTools.PROPOSE_EDIT, "{\"path\": \"new.txt\", \"content\": \"x\\n\"}")))
                .allSatisfy(r -> assertThat(r).startsWith("Proposed"));
        String afterAWrite = t.run("r1", 4, ToolFixtures.ALICE, call("c4", ChatTools.RUN_COMMAND, APPEND)).getFirst();

        assertThat(again).startsWith("Not run again").contains("the user denied it").contains("The user denied it.");
        assertThat(afterAWrite).as("not even once something was written since").startsWith("Not run again");
        assertThat(steps).filteredOn(s -> s.state().equals("pending")).hasSize(1);
        assertThat(root.resolve("log.txt")).doesNotExist();
    }

    @Test
    void theSameToolWithOtherArgumentsRuns() throws IOException {
        Files.writeString(root.resolve("a.txt"), "a");
        Files.writeString(root.resolve("b.txt"), "b");
        ChatTools t = tools(true);
        t.run("r1", 1, ToolFixtures.ALICE, call("c1", "read_file", "{\"path\": \"a.txt\"}"));

        assertThat(t.run("r1", 2, ToolFixtures.ALICE, call("c2", "read_file", "{\"path\": \"b.txt\"}"))).containsExactly("b");
    }
}
