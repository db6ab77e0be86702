package dev.stratus.examples.todo;

import dev.stratus.extension.api.AiTool;
import java.util.List;

/**
 * The AI tool {@code list_todos}: the workspace's TODOs as plain text lines.
 */
final class ListTodosTool {
    /** The tool's name. */
    static final String NAME = "list_todos";
    /** At most this many lines reach the model; a whole list would crowd its context. */
    static final int MAX_LINES = 500;

    static final String DESCRIPTION = "Lists the TODO and FIXME comments of the workspace (the tags of the user's "
            + "todo-tree.tags setting), one per line as 'path:line: TAG text'. Use it to find open work "
            + "or known problems in the code.";

    static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "path": {"type": "string",
                        "description": "Only TODOs in this folder or file, workspace-relative (for example src/main)"},
               "tag": {"type": "string",
                       "description": "Only this tag (for example FIXME); by default the tags of the setting"}
             },
             "additionalProperties": false}""";

    private ListTodosTool() {
    }

    /**
     * The tool.
     *
     * @param finder finds the TODOs
     * @return the tool, needing no approval (it only reads)
     */
    static AiTool create(TodoFinder finder) {
        return new AiTool(NAME, DESCRIPTION, SCHEMA, false,
                call -> format(finder.find(call.caller(), call.workspace(), call.arguments(ListParams.class))));
    }

    /**
     * The text the model gets.
     *
     * @param list the TODOs
     * @return one line per TODO, and a last line when some are left out
     */
    static String format(TodoList list) {
        if (list.items().isEmpty()) {
            return "No TODOs found.";
        }
        StringBuilder out = new StringBuilder();
        List<TodoItem> shown = list.items().subList(0, Math.min(MAX_LINES, list.items().size()));
        for (TodoItem t : shown) {
            out.append(t.path()).append(':').append(t.line()).append(": ").append(t.tag());
            if (!t.text().isEmpty()) {
                out.append(' ').append(t.text());
            }
            out.append('\n');
        }
        if (list.truncated() || shown.size() < list.items().size()) {
            out.append("(Only the first ").append(shown.size())
                    .append(" TODOs are listed; pass path or tag for the rest.)\n");
        }
        return out.toString();
    }
}
