package dev.stratus.server.terminal;

import dev.stratus.server.workspace.Workspace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Every workspace's terminals in this server, created on first use. Closing it ends every
 * terminal's processes (on server shutdown).
 */
public final class Terminals implements AutoCloseable {
    private final TerminalConfig config;
    private final WorkspaceTerminals.Launch launch;
    private final Map<String, WorkspaceTerminals> byWorkspace = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor();

    /** Terminals running the server account's shells with an allow-listed copy of {@code serverEnv}. */
    public Terminals(TerminalConfig config, Map<String, String> serverEnv) {
        this.config = config;
        LoginAccount account = LoginAccount.current(serverEnv);
        Shells shells = Shells.system(account.shell());
        Map<String, String> env = Map.copyOf(serverEnv);
        this.launch = new WorkspaceTerminals.Launch() {
            @Override
            public List<String> command(String shell) {
                return List.of(shell, "-l");
            }

            @Override
            public Map<String, String> environment(String shell) {
                return ShellEnvironment.build(env, account, shell);
            }

            @Override
            public String shell(String requested) {
                return shells.choose(requested);
            }
        };
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("terminal-reaper").factory());
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /** Terminals of every workspace, running or exited but not closed. */
    public int count() {
        return byWorkspace.values().stream().mapToInt(WorkspaceTerminals::size).sum();
    }

    public TerminalConfig config() {
        return config;
    }

    WorkspaceTerminals of(Workspace workspace) {
        return byWorkspace.computeIfAbsent(workspace.id(),
                id -> new WorkspaceTerminals(id, workspace.root(), config, launch, timer, closer));
    }

    Optional<PtyTerminal> find(String workspaceId, String terminalId) {
        WorkspaceTerminals ws = byWorkspace.get(workspaceId);
        return ws == null ? Optional.empty() : ws.find(terminalId);
    }

    /**
     * Runs a command in a folder of the workspace without a terminal (for extensions): the
     * terminals' cleaned environment with {@code TERM=dumb}, no input, the end of the output kept.
     */
    public CommandRun run(Workspace workspace, String command, String cwd, Duration timeout) {
        CommandRunner.Result r = of(workspace).run(command, cwd, timeout);
        return new CommandRun(r.exitCode(), r.output(), r.truncated(), r.timedOut());
    }

    /** What {@link #run} did: exit code (128 + signal when killed), output (at most 64 Ki characters). */
    public record CommandRun(int exitCode, String output, boolean truncated, boolean timedOut) {
    }

    /**
     * Types into a terminal as its user would (for extensions): queued like socket input, so it
     * may wait behind earlier input; NotFound when the workspace has no such terminal.
     */
    public void type(Workspace workspace, String terminalId, byte[] data) {
        PtyTerminal terminal = find(workspace.id(), terminalId).orElseThrow(() -> TerminalException.notFound(terminalId));
        terminal.write(data, () -> { });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        byWorkspace.values().parallelStream().forEach(WorkspaceTerminals::close);
        closer.shutdownNow();
    }
}
