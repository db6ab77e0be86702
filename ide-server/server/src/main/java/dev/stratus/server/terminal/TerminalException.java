package dev.stratus.server.terminal;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;

/** A terminal operation failed for a reason the client can act on. */
public class TerminalException extends ProtocolException {

    public TerminalException(ProtocolError reason, String message) {
        super(reason, message);
    }

    static TerminalException notFound(String terminalId) {
        return new TerminalException(ProtocolError.NOT_FOUND, "No such terminal: " + quoted(terminalId));
    }

    static TerminalException invalid(String message) {
        return new TerminalException(ProtocolError.INVALID_PARAMS, message);
    }

    private static String quoted(String s) {
        if (s == null) {
            return "(none)";
        }
        String shown = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
