package dev.stratus.server.lsp;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;

/** A listing or an installation as a whole failed for a reason the client can act on. */
public class LanguageServerInstallException extends ProtocolException {

    public LanguageServerInstallException(ProtocolError reason, String message) {
        super(reason, message);
    }

    static LanguageServerInstallException invalid(String message) {
        return new LanguageServerInstallException(ProtocolError.INVALID_PARAMS, message);
    }

    static LanguageServerInstallException unavailable(String message) {
        return new LanguageServerInstallException(ProtocolError.UNAVAILABLE, message);
    }
}
