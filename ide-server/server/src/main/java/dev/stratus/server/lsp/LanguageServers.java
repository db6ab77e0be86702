package dev.stratus.server.lsp;

import dev.stratus.server.workspace.Workspace;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Every workspace's language servers in this server, created on first use; the registry that
 * says which server handles a language. Closing it shuts every language-server process down
 * (on server stop), so none outlives the server.
 */
public final class LanguageServers implements AutoCloseable {
    private final LanguageServerRegistry registry;
    private final LspConfig config;
    private final Map<String, String> environment;
    private final Map<String, WorkspaceLanguageServers> byWorkspace = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    /** Language servers from {@code registry}, run with an allow-listed copy of {@code serverEnv}. */
    public LanguageServers(LanguageServerRegistry registry, LspConfig config, Map<String, String> serverEnv) {
        this.registry = registry;
        this.config = config;
        this.environment = Map.copyOf(LanguageServerEnvironment.build(serverEnv));
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("lsp-timer").factory());
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    public LspConfig config() {
        return config;
    }

    LanguageServerRegistry registry() {
        return registry;
    }

    WorkspaceLanguageServers of(Workspace workspace) {
        return byWorkspace.computeIfAbsent(workspace.id(), id -> new WorkspaceLanguageServers(workspace, config, environment, timer));
    }

    @Override
    public void close() {
        byWorkspace.values().parallelStream().forEach(WorkspaceLanguageServers::close);
        timer.shutdownNow();
    }
}
