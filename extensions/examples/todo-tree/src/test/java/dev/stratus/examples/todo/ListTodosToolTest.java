package dev.stratus.examples.todo;

import static dev.stratus.examples.todo.Fakes.caller;
import static dev.stratus.examples.todo.Fakes.match;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.examples.todo.Fakes.FakeSettings;
import dev.stratus.examples.todo.Fakes.FakeToolCall;
import dev.stratus.examples.todo.Fakes.FakeWorkspace;
import dev.stratus.extension.api.AiTool;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ListTodosToolTest {
    private final FakeWorkspace workspace = new FakeWorkspace("w1");
    private final AiTool tool = ListTodosTool.create(new TodoFinder(new FakeSettings(), TodoFinder.MAX_ITEMS));

    @Test
    void listsOneTodoPerLine() throws Exception {
        workspace.search().matches = List.of(
                match("src/A.java", 3, 8, "    // TODO: split this class"),
                match("src/b.py", 7, 3, "# FIXME"));

        String out = tool.handler().call(new FakeToolCall(caller("ann", "w1"), workspace, "{}", ListParams.all()));

        assertThat(out).isEqualTo("src/A.java:3: TODO split this class\nsrc/b.py:7: FIXME\n");
    }

    @Test
    void passesThePathAndTagFilters() throws Exception {
        workspace.search().matches = List.of(match("lib/x.js", 1, 4, "// HACK around a bug"), match("src/y.js", 2, 4, "// HACK"));

        String out = tool.handler().call(new FakeToolCall(caller("ann", "w1"), workspace,
                "{\"path\":\"lib\",\"tag\":\"HACK\"}", new ListParams("lib", "HACK")));

        assertThat(workspace.search().queries.getFirst().query()).startsWith("\\b(HACK)\\b");
        assertThat(workspace.search().queries.getFirst().include()).containsExactly("lib", "lib/**");
        assertThat(out).isEqualTo("lib/x.js:1: HACK around a bug\n");
    }

    @Test
    void saysWhenNothingIsFoundOrTheListIsCut() {
        assertThat(ListTodosTool.format(TodoList.empty())).isEqualTo("No TODOs found.");

        String cut = ListTodosTool.format(new TodoList(List.of(new TodoItem("a", 1, 1, "TODO", "x")), true));
        assertThat(cut).endsWith("(Only the first 1 TODOs are listed; pass path or tag for the rest.)\n");

        List<TodoItem> many = new ArrayList<>();
        IntStream.rangeClosed(1, ListTodosTool.MAX_LINES + 5).forEach(i -> many.add(new TodoItem("a", i, 1, "TODO", "x")));
        String long_ = ListTodosTool.format(new TodoList(many, false));
        assertThat(long_.lines()).hasSize(ListTodosTool.MAX_LINES + 1);
        assertThat(long_).contains("Only the first " + ListTodosTool.MAX_LINES + " TODOs");
    }

    @Test
    void isAReadOnlyToolWithAnObjectSchema() throws Exception {
        assertThat(tool.name()).isEqualTo("list_todos");
        assertThat(tool.requiresApproval()).isFalse();
        JsonNode schema = new ObjectMapper().readTree(tool.parametersSchema());
        assertThat(schema.get("type").asText()).isEqualTo("object");
        assertThat(schema.get("properties").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("path", "tag");
        assertThat(schema.has("required")).isFalse();
    }
}
