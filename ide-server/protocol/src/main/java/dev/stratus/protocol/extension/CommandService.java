package dev.stratus.protocol.extension;

import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/** Server-side commands of extensions. */
@JsonSegment("commands")
public interface CommandService {

    /**
     * Runs a command, activating its extension first. NotFound for an unknown command;
     * Unavailable when its extension failed or the time limit passed.
     */
    @JsonRequest
    CompletableFuture<ExecuteCommandResult> execute(ExecuteCommandParams params);
}
