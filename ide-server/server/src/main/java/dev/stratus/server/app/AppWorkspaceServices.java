package dev.stratus.server.app;

import dev.stratus.protocol.fs.FileService;
import dev.stratus.protocol.git.GitService;
import dev.stratus.protocol.search.SearchService;
import dev.stratus.protocol.terminal.TerminalService;
import dev.stratus.server.auth.Principal;
import dev.stratus.server.extension.WorkspaceServices;
import dev.stratus.server.lsp.LanguageServers;
import dev.stratus.server.terminal.Terminals;
import dev.stratus.server.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The browser's services, created for extensions' calls (one short-lived object per call). */
final class AppWorkspaceServices implements WorkspaceServices {
    /** How the composition root creates each service. */
    record Factories(BiFunction<String, String, Optional<Workspace>> workspaceFor,
                     Function<Workspace, FileService> files,
                     Function<Workspace, SearchService> search,
                     BiFunction<Workspace, Principal, GitService> git,
                     Function<Workspace, TerminalService> terminals,
                     TerminalTyping typing,
                     CommandRunning commands,
                     Diagnostics diagnostics) {
    }

    @FunctionalInterface
    interface CommandRunning {
        Terminals.CommandRun run(Workspace workspace, String command, String cwd, Duration timeout);
    }

    @FunctionalInterface
    interface Diagnostics {
        List<LanguageServers.Problem> list(Workspace workspace, String path);
    }

    @FunctionalInterface
    interface TerminalTyping {
        void type(Workspace workspace, String terminalId, byte[] data);
    }

    private final Factories factories;

    AppWorkspaceServices(Factories factories) {
        this.factories = factories;
    }

    @Override
    public Optional<Workspace> workspaceFor(String userId, String workspaceId) {
        return factories.workspaceFor().apply(userId, workspaceId);
    }

    @Override
    public FileService files(Workspace workspace) {
        return factories.files().apply(workspace);
    }

    @Override
    public SearchService search(Workspace workspace) {
        return factories.search().apply(workspace);
    }

    @Override
    public GitService git(Workspace workspace, String userId) {
        return factories.git().apply(workspace, new Principal(userId, userId, "user", false));
    }

    @Override
    public TerminalService terminals(Workspace workspace) {
        return factories.terminals().apply(workspace);
    }

    @Override
    public Terminals.CommandRun runCommand(Workspace workspace, String command, String cwd, Duration timeout) {
        return factories.commands().run(workspace, command, cwd, timeout);
    }

    @Override
    public List<LanguageServers.Problem> diagnostics(Workspace workspace, String path) {
        return factories.diagnostics().list(workspace, path);
    }

    @Override
    public void typeInto(Workspace workspace, String terminalId, String text) {
        factories.typing().type(workspace, terminalId, text.getBytes(StandardCharsets.UTF_8));
    }
}
