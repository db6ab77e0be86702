package dev.stratus.server.http;

import dev.stratus.server.workspace.Workspace;
import dev.stratus.server.workspace.WorkspaceRegistry;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /api/workspaces}: the workspaces the caller can open. */
public final class WorkspaceRoutes {
    private final Supplier<WorkspaceRegistry> registry;

    public WorkspaceRoutes(Supplier<WorkspaceRegistry> registry) {
        this.registry = registry;
    }

    public void list(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this::list);
            return;
        }
        List<Map<String, String>> items = registry.get().list().stream()
                .map(WorkspaceRoutes::describe)
                .toList();
        Json.send(exchange, StatusCodes.OK, Map.of("workspaces", items));
    }

    private static Map<String, String> describe(Workspace w) {
        return Map.of("id", w.id(), "name", w.name());
    }
}
