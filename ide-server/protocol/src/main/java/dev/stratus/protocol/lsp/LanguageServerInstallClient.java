package dev.stratus.protocol.lsp;

import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/** Notifications of language-server installation. */
@JsonSegment("language-servers")
public interface LanguageServerInstallClient {

    /**
     * {@code language-servers/progress}: progress of an installation started on this connection:
     * steps with a percentage, and the package manager's output lines (without one) at most a
     * few times a second per server. The Java name differs from the wire name because LSP4J's
     * client proxy tells notifications apart by Java method name, and {@code git/progress} is
     * {@code progress} already.
     */
    @JsonNotification("progress")
    void installProgress(LanguageServerInstallProgress params);
}
