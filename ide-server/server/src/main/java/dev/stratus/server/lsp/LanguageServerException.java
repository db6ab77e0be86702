package dev.stratus.server.lsp;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;

/** A {@code language-servers/*} call failed for a reason the client can act on. */
public class LanguageServerException extends ProtocolException {

    public LanguageServerException(ProtocolError reason, String message) {
        super(reason, message);
    }

    static LanguageServerException invalid(String message) {
        return new LanguageServerException(ProtocolError.INVALID_PARAMS, message);
    }
}
