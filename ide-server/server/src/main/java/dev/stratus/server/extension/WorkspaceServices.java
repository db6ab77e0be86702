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

    /** Types {@code text} into a terminal of the workspace; NotFound when there is no such terminal. */
    void typeInto(Workspace workspace, String terminalId, String text);
}
