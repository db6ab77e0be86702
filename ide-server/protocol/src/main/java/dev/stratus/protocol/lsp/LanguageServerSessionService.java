package dev.stratus.protocol.lsp;

import dev.stratus.protocol.Empty;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/**
 * The running language servers of a workspace, seen from its RPC socket. The LSP traffic itself
 * goes over {@code /api/workspaces/{id}/lsp/{languageId}} (see docs/protocol.md); this service
 * reports the processes behind those sockets and applies workspace edits to files no editor has
 * open. Installing servers is {@code LanguageServerInstallService}, on the same segment.
 */
@JsonSegment("language-servers")
public interface LanguageServerSessionService {

    /** This workspace's language-server processes, one per registered server that has been started. */
    @JsonRequest
    CompletableFuture<LanguageServerStatus> status(Empty params);

    /**
     * Applies an LSP {@code WorkspaceEdit} (its {@code documentChanges}, else its {@code changes})
     * to the files on disk through the file service, file by file: each file is read, its text
     * edits applied (positions in UTF-16 code units) and written back against the version read,
     * so a file changed meanwhile fails with Conflict and stays as it was. {@code create},
     * {@code rename} and {@code delete} operations are file writes, moves and deletes. URIs are
     * {@code file:///workspace/<path>}; others fail with OutsideWorkspace. A text edit whose
     * range lies outside its file fails that file with -32602. A missing {@code edit} is -32602
     * for the whole call.
     */
    @JsonRequest
    CompletableFuture<ApplyWorkspaceEditResult> applyEdit(ApplyWorkspaceEditParams params);
}
