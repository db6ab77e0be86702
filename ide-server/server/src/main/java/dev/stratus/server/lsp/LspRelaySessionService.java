package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.Empty;
import dev.stratus.protocol.fs.FileService;
import dev.stratus.protocol.lsp.ApplyWorkspaceEditParams;
import dev.stratus.protocol.lsp.ApplyWorkspaceEditResult;
import dev.stratus.protocol.lsp.LanguageServerSessionClient;
import dev.stratus.protocol.lsp.LanguageServerSessionService;
import dev.stratus.protocol.lsp.LanguageServerStatus;
import dev.stratus.server.workspace.Workspace;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@link LanguageServerSessionService} of one RPC connection: the status of the workspace's
 * relayed language servers, {@code language-servers/stateChanged} to this connection while it is
 * open, and workspace edits applied through the workspace's file service.
 */
public final class LspRelaySessionService implements LanguageServerSessionService, AutoCloseable {
    private final WorkspaceLanguageServers servers;
    private final FileService files;
    private final LanguageServerSessionClient client;
    private final Executor executor;

    public LspRelaySessionService(LanguageServers all, Workspace workspace, FileService files,
                                  LanguageServerSessionClient client, Executor executor) {
        this.servers = all.of(workspace);
        this.files = files;
        this.client = client;
        this.executor = executor;
        servers.addListener(client);
    }

    @Override
    public CompletableFuture<LanguageServerStatus> status(Empty params) {
        return CompletableFuture.completedFuture(servers.status());
    }

    @Override
    public CompletableFuture<ApplyWorkspaceEditResult> applyEdit(ApplyWorkspaceEditParams params) {
        return CompletableFuture.supplyAsync(() -> {
            if (params == null || params.edit() == null) {
                throw LanguageServerException.invalid("edit is required");
            }
            JsonNode edit;
            try {
                edit = JsonRpc.parse(params.edit().toString());
            } catch (IOException e) {
                throw LanguageServerException.invalid("edit is not valid JSON");
            }
            return WorkspaceEditApplier.apply(files, edit);
        }, executor);
    }

    @Override
    public void close() {
        servers.removeListener(client);
    }
}
