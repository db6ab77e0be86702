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
    private volatile java.util.function.Supplier<java.util.List<dev.stratus.extension.api.LanguageServerDefinition>> contributed =
            java.util.List::of;

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

    /** Language servers extensions add (through the extension API), asked for each new socket. */
    public void contributions(java.util.function.Supplier<java.util.List<dev.stratus.extension.api.LanguageServerDefinition>> source) {
        this.contributed = source;
    }

    /**
     * The registry as it is now, with extensions' servers after the registry's own (an id the
     * registry has already keeps the registry's entry); IllegalArgumentException when the install
     * folder's servers.json is malformed.
     */
    LanguageServerRegistry registry() {
        return LanguageServerRegistry.load(installDir).with(contributed.get().stream().map(d -> new LanguageServerDefinition(
                d.id(), d.name(), d.languages(), d.filePatterns(), d.command(),
                new LanguageServerDefinition.Install(null, null, "Added by an extension"), null, false)).toList());
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
