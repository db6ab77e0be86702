package dev.stratus.protocol.extension;

import dev.stratus.protocol.Empty;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/** The server's extensions and what they contribute. */
@JsonSegment("extensions")
public interface ExtensionService {

    /** Every extension (built-in and installed) with its state and, for an administrator, its failure reason. */
    @JsonRequest
    CompletableFuture<ExtensionListResult> list(Empty params);

    /** Commands, settings, browser modules and AI tools of the extensions that are not failed. */
    @JsonRequest
    CompletableFuture<ContributionsResult> contributions(Empty params);

    /** Activates the extensions waiting for an event; InvalidParams for a malformed event. */
    @JsonRequest
    CompletableFuture<ActivateResult> activate(ActivateParams params);
}
