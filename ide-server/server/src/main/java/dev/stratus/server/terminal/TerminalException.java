package dev.stratus.server.terminal;

import dev.stratus.protocol.ErrorCodes;

/** A terminal operation failed for a reason the client can act on. */
public class TerminalException extends RuntimeException {

    /** Why, with the protocol error code it is reported as. */
    public enum Reason {
        NOT_FOUND(ErrorCodes.NOT_FOUND),
        NOT_A_DIRECTORY(ErrorCodes.NOT_A_DIRECTORY),
        INVALID_PARAMS(ErrorCodes.INVALID_PARAMS),
        RATE_LIMITED(ErrorCodes.RATE_LIMITED),
        UNAVAILABLE(ErrorCodes.UNAVAILABLE);

        private final int code;

        Reason(int code) {
            this.code = code;
        }

        /** The JSON-RPC error code of protocol v1. */
        public int code() {
            return code;
        }
    }

    private final Reason reason;

    public TerminalException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static TerminalException notFound(String terminalId) {
        return new TerminalException(Reason.NOT_FOUND, "No such terminal: " + quoted(terminalId));
    }

    static TerminalException invalid(String message) {
        return new TerminalException(Reason.INVALID_PARAMS, message);
    }

    private static String quoted(String s) {
        if (s == null) {
            return "(none)";
        }
        String shown = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
