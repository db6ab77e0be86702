package dev.stratus.examples.todo;

/**
 * The extension's RPC service on the workspace socket: {@code ext/todo-tree/list}.
 */
public interface TodoService {

    /**
     * The TODOs of the connection's workspace, for the tags of the user's {@code todo-tree.tags}
     * setting, at most 2000.
     *
     * @param params an optional folder or file and tag; {@code null} lists everything
     * @return the TODOs
     * @throws dev.stratus.extension.api.ExtensionException {@code INVALID_PARAMS} for a malformed
     *     tag; {@code PERMISSION_DENIED} if the server withholds the search permission
     */
    TodoList list(ListParams params);
}
