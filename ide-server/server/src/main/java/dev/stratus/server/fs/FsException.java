package dev.stratus.server.fs;

import dev.stratus.protocol.ErrorCodes;

/** A file operation failed for a reason the client can act on. */
public class FsException extends RuntimeException {

    /** Why, with the protocol error code it is reported as. */
    public enum Reason {
        NOT_FOUND(ErrorCodes.NOT_FOUND),
        ALREADY_EXISTS(ErrorCodes.ALREADY_EXISTS),
        CONFLICT(ErrorCodes.CONFLICT),
        OUTSIDE_WORKSPACE(ErrorCodes.OUTSIDE_WORKSPACE),
        PERMISSION_DENIED(ErrorCodes.PERMISSION_DENIED),
        TOO_LARGE(ErrorCodes.TOO_LARGE),
        NOT_A_DIRECTORY(ErrorCodes.NOT_A_DIRECTORY),
        IS_A_DIRECTORY(ErrorCodes.IS_A_DIRECTORY),
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

    public FsException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static FsException notFound(String path) {
        return new FsException(Reason.NOT_FOUND, "No such file or directory: " + display(path));
    }

    static FsException exists(String path) {
        return new FsException(Reason.ALREADY_EXISTS, "Already exists: " + display(path));
    }

    static FsException outside(String path) {
        return new FsException(Reason.OUTSIDE_WORKSPACE, "Path is outside the workspace: " + display(path));
    }

    static FsException invalid(String message) {
        return new FsException(Reason.INVALID_PARAMS, message);
    }

    /** A path as shown in messages: quoted, control characters escaped, bounded length. */
    static String display(String path) {
        if (path == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder("\"");
        path.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append(path.length() > 200 ? "…\"" : "\"").toString();
    }
}
