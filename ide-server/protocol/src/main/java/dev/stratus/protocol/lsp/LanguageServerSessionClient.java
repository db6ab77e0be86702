package dev.stratus.protocol.lsp;

import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/** Notifications about a workspace's language-server processes. */
@JsonSegment("language-servers")
public interface LanguageServerSessionClient {

    /**
     * One of the workspace's language servers changed state (started, ready, crashed, restarting,
     * stopped). Sent to every RPC connection of the workspace.
     */
    @JsonNotification
    void stateChanged(LanguageServerStateChange params);
}
