package dev.stratus.server.search;

import dev.stratus.protocol.ErrorCodes;

/** A search request failed for a reason the client can act on. */
public class SearchException extends RuntimeException {

    /** Why, with the protocol error code it is reported as. */
    public enum Reason {
        INVALID_PARAMS(ErrorCodes.INVALID_PARAMS),
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

    public SearchException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static SearchException invalid(String message) {
        return new SearchException(Reason.INVALID_PARAMS, message);
    }

    static SearchException unavailable(String message) {
        return new SearchException(Reason.UNAVAILABLE, message);
    }
}
