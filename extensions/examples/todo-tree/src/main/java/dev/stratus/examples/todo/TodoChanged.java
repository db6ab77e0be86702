package dev.stratus.examples.todo;

/**
 * Params of the {@code ext/todo-tree/changed} notification.
 *
 * @param count how many TODOs were found
 * @param truncated true when there were more
 */
public record TodoChanged(int count, boolean truncated) {
}
