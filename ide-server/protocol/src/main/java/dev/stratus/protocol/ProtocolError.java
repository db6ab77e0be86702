package dev.stratus.protocol;

/** The errors a client can act on, each with its JSON-RPC error code of protocol v1. */
public enum ProtocolError {
    /** The file, ref, terminal or other object does not exist. */
    NOT_FOUND(ErrorCodes.NOT_FOUND),
    /** The target already exists and overwriting was not asked for. */
    ALREADY_EXISTS(ErrorCodes.ALREADY_EXISTS),
    /** The object changed since the client saw it, or its state blocks the operation. */
    CONFLICT(ErrorCodes.CONFLICT),
    /** The path or tree leads outside the workspace. */
    OUTSIDE_WORKSPACE(ErrorCodes.OUTSIDE_WORKSPACE),
    /** The caller, the operating system or a remote refuses the operation. */
    PERMISSION_DENIED(ErrorCodes.PERMISSION_DENIED),
    /** The object is larger than the method accepts. */
    TOO_LARGE(ErrorCodes.TOO_LARGE),
    /** A directory was expected. */
    NOT_A_DIRECTORY(ErrorCodes.NOT_A_DIRECTORY),
    /** A file was expected. */
    IS_A_DIRECTORY(ErrorCodes.IS_A_DIRECTORY),
    /** Not available right now (a remote, a time bound, a process that cannot start). */
    UNAVAILABLE(ErrorCodes.UNAVAILABLE),
    /** Too many requests or objects. */
    RATE_LIMITED(ErrorCodes.RATE_LIMITED),
    /** The operation was cancelled. */
    CANCELLED(ErrorCodes.CANCELLED),
    /** A param is missing or invalid. */
    INVALID_PARAMS(ErrorCodes.INVALID_PARAMS);

    private final int code;

    ProtocolError(int code) {
        this.code = code;
    }

    /** The JSON-RPC {@code error.code}. */
    public int code() {
        return code;
    }
}
