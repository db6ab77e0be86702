package dev.stratus.server.extension;

import dev.stratus.protocol.fs.FileService;
import dev.stratus.protocol.git.GitService;
import dev.stratus.protocol.search.SearchService;
import dev.stratus.protocol.terminal.TerminalService;
import dev.stratus.server.workspace.Workspace;
import java.util.Optional;

/**
 * The services the browser uses, for extensions: the composition root creates them, so the host
 * never knows their implementations.
 */
public interface WorkspaceServices {

    /** A workspace by id, if {@code userId} may use it. */
    Optional<Workspace> workspaceFor(String userId, String workspaceId);

    FileService files(Workspace workspace);

    SearchService search(Workspace workspace);

    GitService git(Workspace workspace, String userId);

    TerminalService terminals(Workspace workspace);

    /** Runs a command in a folder of the workspace without a terminal (TerminalException for bad input). */
    dev.stratus.server.terminal.Terminals.CommandRun runCommand(Workspace workspace, String command, String cwd, java.time.Duration timeout);

    /** The problems the workspace's running language servers last published (one file, or all for null). */
    java.util.List<dev.stratus.server.lsp.LanguageServers.Problem> diagnostics(Workspace workspace, String path);

    /** Types {@code text} into a terminal of the workspace; NotFound when there is no such terminal. */
    void typeInto(Workspace workspace, String terminalId, String text);
}
