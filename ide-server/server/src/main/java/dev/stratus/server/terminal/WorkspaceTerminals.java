package dev.stratus.server.terminal;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.terminal.TerminalClient;
import dev.stratus.protocol.terminal.TerminalExitedParams;
import dev.stratus.protocol.terminal.TerminalInfo;
import dev.stratus.server.fs.PathGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminals of one workspace, shared by all its connections: creation within the limit,
 * lookup, closing, the grace-time reaping of terminals no socket shows, and the
 * {@code terminal/exited} notification to every connected client.
 */
final class WorkspaceTerminals implements PtyTerminal.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceTerminals.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String workspaceId;
    private final PathGuard guard;
    private final TerminalConfig config;
    private final Launch launch;
    private final ScheduledExecutorService timer;
    private final Executor closer;
    private final Map<String, PtyTerminal> terminals = new LinkedHashMap<>();
    private final Map<String, ScheduledFuture<?>> reapers = new ConcurrentHashMap<>();
    private final Set<TerminalClient> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger numbers = new AtomicInteger();

    /** How a shell is started: its command line and environment. */
    interface Launch {
        List<String> command(String shell);

        Map<String, String> environment(String shell);

        String shell(String requested);
    }

    WorkspaceTerminals(String workspaceId, Path root, TerminalConfig config, Launch launch,
                       ScheduledExecutorService timer, Executor closer) {
        this.workspaceId = workspaceId;
        this.guard = new PathGuard(root);
        this.config = config;
        this.launch = launch;
        this.timer = timer;
        this.closer = closer;
    }

    PtyTerminal create(int cols, int rows, String cwd, String requestedShell) {
        String shell = launch.shell(requestedShell);
        PathGuard.Resolved dir = folder(cwd);
        String id = newId();
        synchronized (this) {
            if (terminals.size() >= config.maxTerminalsPerWorkspace()) {
                throw new TerminalException(ProtocolError.RATE_LIMITED, "This workspace already has "
                        + config.maxTerminalsPerWorkspace() + " terminals; close one first");
            }
            // Reserved before the (slow) start, so concurrent creates cannot pass the limit.
            terminals.put(id, null);
        }
        PtyTerminal terminal;
        try {
            terminal = PtyTerminal.start(id, "Terminal " + numbers.incrementAndGet(), dir.relative(), dir.absolute(),
                    launch.command(shell), launch.environment(shell), cols, rows, config, this);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                terminals.remove(id);
            }
            LOG.warn("Cannot start a terminal in workspace {}: {}", workspaceId, e.toString());
            throw new TerminalException(ProtocolError.UNAVAILABLE, "The shell could not be started");
        }
        synchronized (this) {
            terminals.put(id, terminal);
        }
        scheduleReap(terminal);
        return terminal;
    }

    /** A folder of the workspace to start in; NotFound / NotADirectory / OutsideWorkspace otherwise. */
    PathGuard.Resolved folder(String cwd) {
        PathGuard.Resolved dir = guard.resolve(cwd == null ? "" : cwd);
        if (!Files.exists(dir.absolute())) {
            throw new TerminalException(ProtocolError.NOT_FOUND, "No such folder: " + dir.relative());
        }
        if (!Files.isDirectory(dir.absolute())) {
            throw new TerminalException(ProtocolError.NOT_A_DIRECTORY, "Not a folder: " + dir.relative());
        }
        return dir;
    }

    /** Runs {@code command} in {@code cwd} without a terminal (see {@link CommandRunner}). */
    CommandRunner.Result run(String command, String cwd, Duration timeout) {
        if (command == null || command.isBlank()) {
            throw new TerminalException(ProtocolError.INVALID_PARAMS, "The command is empty");
        }
        if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(CommandRunner.MAX_TIMEOUT) > 0) {
            throw new TerminalException(ProtocolError.INVALID_PARAMS, "The time limit must be between 1 ms and 10 minutes");
        }
        PathGuard.Resolved dir = folder(cwd);
        Map<String, String> env = new java.util.TreeMap<>(launch.environment("/bin/sh"));
        env.put("TERM", "dumb");
        env.remove("COLORTERM");
        try {
            return CommandRunner.run(command, dir.absolute(), env, timeout);
        } catch (java.io.IOException e) {
            LOG.warn("Cannot run a command in workspace {}: {}", workspaceId, e.toString());
            throw new TerminalException(ProtocolError.UNAVAILABLE, "The command could not be started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TerminalException(ProtocolError.CANCELLED, "Interrupted");
        }
    }

    synchronized int size() {
        return (int) terminals.values().stream().filter(java.util.Objects::nonNull).count();
    }

    synchronized Optional<PtyTerminal> find(String terminalId) {
        return terminalId == null ? Optional.empty() : Optional.ofNullable(terminals.get(terminalId));
    }

    PtyTerminal get(String terminalId) {
        return find(terminalId).orElseThrow(() -> TerminalException.notFound(terminalId));
    }

    List<TerminalInfo> list() {
        List<PtyTerminal> all;
        synchronized (this) {
            all = terminals.values().stream().filter(t -> t != null).toList();
        }
        return all.stream().map(PtyTerminal::info).toList();
    }

    /** Ends a terminal's processes and forgets it; blocks until they are gone. */
    void close(String terminalId) {
        PtyTerminal t = get(terminalId);
        if (t.beginClose(false)) {
            finish(t);
        } else {
            throw TerminalException.notFound(terminalId);
        }
    }

    void addClient(TerminalClient client) {
        clients.add(client);
    }

    void removeClient(TerminalClient client) {
        clients.remove(client);
    }

    @Override
    public void exited(PtyTerminal terminal, int exitCode) {
        for (TerminalClient c : clients) {
            try {
                c.exited(new TerminalExitedParams(terminal.id(), exitCode));
            } catch (RuntimeException e) {
                LOG.debug("Could not notify a client of terminal {}'s exit: {}", terminal.id(), e.toString());
            }
        }
    }

    @Override
    public void idle(PtyTerminal terminal) {
        scheduleReap(terminal);
    }

    @Override
    public void attached(PtyTerminal terminal) {
        ScheduledFuture<?> f = reapers.remove(terminal.id());
        if (f != null) {
            f.cancel(false);
        }
    }

    private void scheduleReap(PtyTerminal terminal) {
        if (terminal.attachedCount() > 0) {
            return;
        }
        ScheduledFuture<?> f;
        try {
            f = timer.schedule(() -> closer.execute(() -> reapIfIdle(terminal)), config.graceTime().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return; // The server is shutting down and ends every terminal anyway.
        }
        ScheduledFuture<?> old = reapers.put(terminal.id(), f);
        if (old != null) {
            old.cancel(false);
        }
    }

    private void reapIfIdle(PtyTerminal terminal) {
        if (terminal.beginClose(true)) {
            LOG.info("Terminal {} of workspace {} had no socket for {}; ending it", terminal.id(), workspaceId, config.graceTime());
            finish(terminal);
        }
    }

    private void finish(PtyTerminal t) {
        ScheduledFuture<?> f = reapers.remove(t.id());
        if (f != null) {
            f.cancel(false);
        }
        try {
            t.finishClose();
        } finally {
            synchronized (this) {
                terminals.remove(t.id());
            }
        }
    }

    @Override
    public void close() {
        List<PtyTerminal> all;
        synchronized (this) {
            all = new ArrayList<>(terminals.values());
        }
        for (PtyTerminal t : all) {
            if (t != null && t.beginClose(false)) {
                finish(t);
            }
        }
    }

    private static String newId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
