package dev.stratus.protocol.git;

import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/** Notifications of the git service. */
@JsonSegment("git")
public interface GitClient {

    /** Progress of a clone, fetch, pull or push started on this connection. */
    @JsonNotification
    void progress(GitProgressParams params);
}
