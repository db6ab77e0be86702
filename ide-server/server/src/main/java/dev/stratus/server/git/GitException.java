package dev.stratus.server.git;

import dev.stratus.protocol.ErrorCodes;

/** A git operation failed for a reason the client can act on. */
public class GitException extends RuntimeException {

    /** Why, with the protocol error code it is reported as. */
    public enum Reason {
        NOT_FOUND(ErrorCodes.NOT_FOUND),
        ALREADY_EXISTS(ErrorCodes.ALREADY_EXISTS),
        CONFLICT(ErrorCodes.CONFLICT),
        OUTSIDE_WORKSPACE(ErrorCodes.OUTSIDE_WORKSPACE),
        PERMISSION_DENIED(ErrorCodes.PERMISSION_DENIED),
        TOO_LARGE(ErrorCodes.TOO_LARGE),
        UNAVAILABLE(ErrorCodes.UNAVAILABLE),
        CANCELLED(ErrorCodes.CANCELLED),
        INVALID_PARAMS(ErrorCodes.INVALID_PARAMS);

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

    public GitException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static GitException notFound(String message) {
        return new GitException(Reason.NOT_FOUND, message);
    }

    static GitException conflict(String message) {
        return new GitException(Reason.CONFLICT, message);
    }

    static GitException invalid(String message) {
        return new GitException(Reason.INVALID_PARAMS, message);
    }

    static GitException outside(String message) {
        return new GitException(Reason.OUTSIDE_WORKSPACE, message);
    }

    /** A client-supplied value as shown in messages: quoted, control characters escaped, bounded. */
    static String display(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder("\"");
        value.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append(value.length() > 200 ? "…\"" : "\"").toString();
    }
}
