package dev.stratus.protocol.lsp;

import dev.stratus.protocol.Empty;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/**
 * The language servers the server knows (its registry) and their installation into the server's
 * install folder. The registry and the folder are the server's, shared by every workspace.
 * Errors: InvalidParams (-32602) for an unknown server id; Unavailable (1009) when the registry
 * cannot be read, or when another installation into the same folder is still running after the
 * wait bound (a second call waits for the first, then finds its servers installed).
 */
@JsonSegment("language-servers")
public interface LanguageServerInstallService {

    /** Every registered server, built-in ones first, with whether it is installed. */
    @JsonRequest
    CompletableFuture<LanguageServerListResult> list(Empty params);

    /**
     * Installs servers; idempotent: a server already installed (at its pinned version, for npm)
     * is reported installed at once. A server that cannot be installed is reported in
     * {@code failed} with the reason and what to do, and does not stop the others. Progress goes
     * to this connection as {@code language-servers/progress}.
     */
    @JsonRequest
    CompletableFuture<LanguageServerInstallResult> install(LanguageServerInstallParams params);
}
