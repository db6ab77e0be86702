package dev.stratus.examples.todo;

import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.HttpRequest;
import dev.stratus.extension.api.HttpResponse;
import dev.stratus.extension.api.HttpRoutes;
import dev.stratus.extension.api.WorkspaceAccess;
import java.util.Optional;

/**
 * {@code GET /api/ext/todo-tree/todos?workspace=<id>[&path=<folder>][&tag=<tag>]}: the TODOs of
 * one of the caller's workspaces as JSON, for scripts and reports.
 */
final class TodosRoute implements HttpRoutes.Handler {
    /** The route's path below {@code /api/ext/todo-tree/}. */
    static final String PATH = "todos";

    private final TodoFinder finder;

    TodosRoute(TodoFinder finder) {
        this.finder = finder;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        String workspaceId = request.query("workspace").filter(w -> !w.isBlank())
                .orElseThrow(() -> new ExtensionException(ExtensionException.Reason.INVALID_PARAMS,
                        "The workspace query parameter is required"));
        WorkspaceAccess workspace = request.workspace(workspaceId);
        // An HTTP request has no workspace of its own; naming the one asked about lets its
        // workspace-level tags setting apply, as in the browser.
        Caller caller = new Caller(request.caller().userId(), request.caller().userName(), Optional.of(workspace.id()));
        ListParams params = new ListParams(request.query("path").orElse(null), request.query("tag").orElse(null));
        return HttpResponse.json(TodoJson.write(finder.find(caller, workspace, params)));
    }
}
