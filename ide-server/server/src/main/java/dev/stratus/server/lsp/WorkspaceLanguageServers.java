package dev.stratus.server.lsp;

import dev.stratus.protocol.lsp.LanguageServerSessionClient;
import dev.stratus.protocol.lsp.LanguageServerState;
import dev.stratus.protocol.lsp.LanguageServerStateChange;
import dev.stratus.protocol.lsp.LanguageServerStatus;
import dev.stratus.server.workspace.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The language servers of one workspace: at most one process per registered server, at most
 * {@link LspConfig#maxProcessesPerWorkspace()} in all, and {@code language-servers/stateChanged}
 * to every RPC connection of the workspace.
 */
final class WorkspaceLanguageServers implements SharedLanguageServer.Events, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceLanguageServers.class);

    private final Workspace workspace;
    private final LspConfig config;
    private final Map<String, String> environment;
    private final ScheduledExecutorService timer;
    private final Map<String, SharedLanguageServer> servers = new LinkedHashMap<>();
    private final Set<LanguageServerSessionClient> listeners = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /** The workspace runs as many language servers as it may; {@code 1013} for the socket. */
    static final class LimitReachedException extends Exception {
        LimitReachedException(String message) {
            super(message, null, false, false);
        }
    }

    WorkspaceLanguageServers(Workspace workspace, LspConfig config, Map<String, String> environment, ScheduledExecutorService timer) {
        this.workspace = workspace;
        this.config = config;
        this.environment = environment;
        this.timer = timer;
    }

    /**
     * The running server for {@code definition}, or a new one when the workspace is within its
     * limit, with one more socket counted; the caller then attaches the socket to it.
     */
    synchronized SharedLanguageServer reserve(LanguageServerDefinition definition, List<String> command, String languageId)
            throws LimitReachedException {
        if (closed) {
            throw new LimitReachedException("The server is shutting down");
        }
        SharedLanguageServer s = servers.get(definition.id());
        if (s == null) {
            if (servers.size() >= config.maxProcessesPerWorkspace()) {
                // A close reason has at most 123 bytes: no list of servers.
                throw new LimitReachedException("This workspace already runs its limit of "
                        + config.maxProcessesPerWorkspace() + " language servers");
            }
            s = new SharedLanguageServer(new SharedLanguageServer.Launch(definition, command, languageId, workspace.name(),
                    environment), config, new UriMapper(workspace.root()), timer, this);
            servers.put(definition.id(), s);
        }
        s.reserve();
        return s;
    }

    LanguageServerStatus status() {
        List<SharedLanguageServer> all;
        synchronized (this) {
            all = new ArrayList<>(servers.values());
        }
        return new LanguageServerStatus(all.stream().map(SharedLanguageServer::status).toList());
    }

    void addListener(LanguageServerSessionClient client) {
        listeners.add(client);
    }

    void removeListener(LanguageServerSessionClient client) {
        listeners.remove(client);
    }

    @Override
    public void stateChanged(SharedLanguageServer server, LanguageServerState state, String message) {
        LanguageServerStateChange change = new LanguageServerStateChange(server.id(), state, server.status().restarts(), message);
        for (LanguageServerSessionClient c : listeners) {
            try {
                c.stateChanged(change);
            } catch (RuntimeException e) {
                LOG.debug("Could not tell a client that {} is {}: {}", server.id(), state, e.toString());
            }
        }
    }

    @Override
    public synchronized boolean retireIfIdle(SharedLanguageServer server) {
        if (server.sockets() > 0 || servers.get(server.id()) != server) {
            return false;
        }
        servers.remove(server.id());
        return true;
    }

    /** The running servers of the workspace. */
    synchronized List<SharedLanguageServer> running() {
        return new ArrayList<>(servers.values());
    }

    /** Stops every server of the workspace (in parallel), killing those that do not stop in time. */
    @Override
    public void close() {
        List<SharedLanguageServer> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(servers.values());
            servers.clear();
        }
        all.parallelStream().forEach(SharedLanguageServer::close);
    }
}
