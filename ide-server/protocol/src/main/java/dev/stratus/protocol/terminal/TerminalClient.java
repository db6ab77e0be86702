package dev.stratus.protocol.terminal;

import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/** Notifications of the terminal service (v1 addition). */
@JsonSegment("terminal")
public interface TerminalClient {

    /**
     * A terminal's shell exited. Informational: the byte socket carries the authoritative exit
     * message, after the last byte of output.
     */
    @JsonNotification
    void exited(TerminalExitedParams params);
}
