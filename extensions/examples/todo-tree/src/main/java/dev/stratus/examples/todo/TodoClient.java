package dev.stratus.examples.todo;

/**
 * Notifications the extension sends to the browser.
 */
public interface TodoClient {

    /**
     * {@code ext/todo-tree/changed}: the TODOs may have changed (a refresh ran, or the tags
     * setting changed); clients list them again.
     *
     * @param change how many there are now, for the user the refresh ran for
     */
    void changed(TodoChanged change);
}
