package dev.stratus.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.ToolCall;
import dev.stratus.extension.api.AiTool;
import dev.stratus.extension.api.AiTools;
import dev.stratus.extension.api.Registration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call the tools cannot take gets an error that says what the model can do instead. */
class ToolErrorsTest {
    @TempDir
    Path root;

    private String call(AiTools registry, String name, String arguments) {
        ChatTools tools = new ChatTools(new ToolFixtures.FolderSession(root), registry, ToolFixtures.stepsTo(s -> { }), true, t -> t);
        return tools.run("r1", 1, ToolFixtures.ALICE, List.of(new ToolCall("c1", name, arguments))).getFirst();
    }

    @Test
    void anUnknownToolIsAnsweredWithTheToolsTheModelMayCall() {
        AiTools todos = new AiTools() {
            @Override
            public Registration register(AiTool tool) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Descriptor> list() {
                return List.of(new Descriptor("todo_list", "The workspace's TODO comments", "{\"type\": \"object\"}", false, "todo-tree"));
            }
        };

        assertThat(call(todos, "open_file", "{\"path\": \"a.txt\"}")).isEqualTo("Error: No tool named open_file. The tools you may"
                + " call: read_file, list_files, search, diagnostics, propose_edit, run_command, todo_list.");
    }

    @Test
    void argumentsThatAreNotJsonSayWhereAndWhyTheParserStopped() {
        assertThat(call(new ToolFixtures.NoTools(), "read_file", "{\"path\": \"notes"))
                .startsWith("Error: The arguments are not JSON: Unexpected end-of-input")
                .endsWith(" (at line 1, column 16). Send them again as one JSON object.");
        assertThat(call(new ToolFixtures.NoTools(), "read_file", "{path: \"notes.txt\"}"))
                .startsWith("Error: The arguments are not JSON: Unexpected character ('p'").contains("(at line 1, column 2)")
                .doesNotContain("Source", "\tat ", "Exception");
        assertThat(call(new ToolFixtures.NoTools(), "read_file", "[\"notes.txt\"]"))
                .isEqualTo("Error: The arguments are not a JSON object but array. Send them again as one JSON object.");
    }
}
