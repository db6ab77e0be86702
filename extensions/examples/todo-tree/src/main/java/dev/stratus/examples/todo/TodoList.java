package dev.stratus.examples.todo;

import java.util.List;

/**
 * The TODOs of a workspace, in path then line order.
 *
 * @param items the TODOs
 * @param truncated true when there were more than the extension lists
 */
public record TodoList(List<TodoItem> items, boolean truncated) {

    /**
     * Copies the items.
     */
    public TodoList {
        items = List.copyOf(items);
    }

    /**
     * No TODOs.
     *
     * @return an empty, complete list
     */
    public static TodoList empty() {
        return new TodoList(List.of(), false);
    }
}
