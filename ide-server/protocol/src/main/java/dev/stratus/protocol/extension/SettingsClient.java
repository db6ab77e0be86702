package dev.stratus.protocol.extension;

import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/** Notifications about settings. */
@JsonSegment("settings")
public interface SettingsClient {

    /** {@code settings/didChange}: values of these keys changed for this connection's user or workspace. */
    @JsonNotification("didChange")
    void settingsChanged(SettingsChange params);
}
