package dev.stratus.protocol.terminal;

import dev.stratus.protocol.Empty;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/**
 * Terminals of a workspace: real pseudo-terminals running the user's shell in the workspace.
 * Their bytes travel over {@code /api/workspaces/{id}/terminals/{terminalId}} (see
 * docs/protocol.md), not over JSON-RPC. A terminal outlives the connections that show it until
 * it is closed or has had no connection for the configured grace time. Errors: NotFound (1001)
 * for unknown terminal ids, OutsideWorkspace (1004) for a hostile cwd, -32602 for bad sizes or
 * shells, RateLimited (1010) past the per-workspace terminal limit.
 */
@JsonSegment("terminal")
public interface TerminalService {

    /** Starts a shell in a new pseudo-terminal. */
    @JsonRequest
    CompletableFuture<TerminalCreated> create(TerminalCreateParams params);

    /** Changes the terminal's size (the shell gets SIGWINCH). */
    @JsonRequest
    CompletableFuture<Empty> resize(TerminalResizeParams params);

    /** Ends the shell and its processes and forgets the terminal. */
    @JsonRequest
    CompletableFuture<Empty> close(TerminalIdParams params);

    /** The workspace's terminals. */
    @JsonRequest
    CompletableFuture<TerminalList> list(Empty params);

    /** Renames a terminal's tab (v1 addition). */
    @JsonRequest
    CompletableFuture<Empty> rename(TerminalRenameParams params);
}
