package dev.stratus.examples.todo;

import dev.stratus.extension.api.CommandInvocation;
import dev.stratus.extension.api.Commands;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.RpcServices;
import dev.stratus.extension.api.WorkspaceAccess;

/**
 * The command {@code todo-tree.refresh}: finds the TODOs of the caller's workspace again and tells
 * every connection of that workspace, so each TODO view lists them again.
 */
final class RefreshCommand implements Commands.CommandHandler {
    /** The command's id, as the manifest declares it. */
    static final String ID = "todo-tree.refresh";

    private final TodoFinder finder;
    private final RpcServices rpc;

    RefreshCommand(TodoFinder finder, RpcServices rpc) {
        this.finder = finder;
        this.rpc = rpc;
    }

    /**
     * Runs the command.
     *
     * @param invocation the run; it must come from a workspace
     * @return a summary for the user, for example {@code "12 TODOs"}
     * @throws ExtensionException {@code INVALID_PARAMS} when run without a workspace
     */
    @Override
    public Object run(CommandInvocation invocation) {
        WorkspaceAccess workspace = invocation.workspace().orElseThrow(() -> new ExtensionException(
                ExtensionException.Reason.INVALID_PARAMS, "TODO: Refresh needs an open workspace"));
        TodoList list = finder.find(invocation.caller(), workspace, ListParams.all());
        rpc.broadcast(workspace.id(), TodoClient.class).changed(new TodoChanged(list.items().size(), list.truncated()));
        return summary(list);
    }

    /**
     * What the user is shown.
     *
     * @param list the TODOs
     * @return for example {@code "No TODOs"}, {@code "1 TODO"}, {@code "12 TODOs"} or {@code "2000+ TODOs"}
     */
    static String summary(TodoList list) {
        int n = list.items().size();
        if (n == 0) {
            return "No TODOs";
        }
        return n + (list.truncated() ? "+" : "") + (n == 1 && !list.truncated() ? " TODO" : " TODOs");
    }
}
