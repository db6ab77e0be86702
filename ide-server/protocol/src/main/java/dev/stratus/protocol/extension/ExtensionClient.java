package dev.stratus.protocol.extension;

import dev.stratus.protocol.Empty;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/** Notifications about extensions. */
@JsonSegment("extensions")
public interface ExtensionClient {

    /**
     * {@code extensions/didChange}: an extension was added, removed, activated, deactivated or
     * failed. (The Java name is not {@code didChange}: LSP4J tells client notifications apart by
     * Java name, and {@code fs/didChange} has it.)
     */
    @JsonNotification("didChange")
    void extensionsChanged(Empty params);
}
