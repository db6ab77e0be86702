package dev.stratus.server.lsp;

import dev.stratus.server.workspace.Workspace;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Every workspace's language servers in this server, created on first use, and the registry that
 * says which server handles a language. Closing it shuts every language-server process down
 * (on server stop), so none outlives the server.
 */
public final class LanguageServers implements AutoCloseable {
    private final Path installDir;
    private final LspConfig config;
    private final Map<String, String> environment;
    private final Map<String, WorkspaceLanguageServers> byWorkspace = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    /**
     * Language servers from the registry of {@code installDir} (read again for each new socket, so
     * a server registered in its {@code servers.json} needs no restart), run with an allow-listed
     * copy of {@code serverEnv}.
     */
    public LanguageServers(Path installDir, LspConfig config, Map<String, String> serverEnv) {
        this.installDir = installDir;
        this.config = config;
        this.environment = Map.copyOf(LanguageServerEnvironment.build(serverEnv));
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("lsp-timer").factory());
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    public LspConfig config() {
        return config;
    }

    /** The registry as it is now; IllegalArgumentException when the install folder's servers.json is malformed. */
    LanguageServerRegistry registry() {
        return LanguageServerRegistry.load(installDir);
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
