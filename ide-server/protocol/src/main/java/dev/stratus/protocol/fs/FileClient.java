package dev.stratus.protocol.fs;

import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/** Notifications the file service pushes to the browser. */
@JsonSegment("fs")
public interface FileClient {

    /** Debounced batch of changes under a path watched with {@link FileService#watch}. */
    @JsonNotification
    void didChange(DidChangeParams params);
}
