package dev.stratus.protocol;

/**
 * JSON-RPC {@code error.code} values of protocol v1. The standard JSON-RPC codes keep their
 * meaning; the 1xxx codes are Stratus-specific and stable across versions.
 */
public final class ErrorCodes {
    /** Invalid JSON was received. */
    public static final int PARSE_ERROR = -32700;
    /** The message is not a valid JSON-RPC request (including batches, which v1 does not accept). */
    public static final int INVALID_REQUEST = -32600;
    /** The method does not exist. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** The params object is missing, of the wrong shape, or has an invalid value. */
    public static final int INVALID_PARAMS = -32602;
    /** An unexpected server fault; the message carries no internals. */
    public static final int INTERNAL_ERROR = -32603;

    /** The file, directory or object does not exist. */
    public static final int NOT_FOUND = 1001;
    /** The target already exists and overwriting was not asked for. */
    public static final int ALREADY_EXISTS = 1002;
    /** The object changed since the version the client saw, or the operation conflicts with its state. */
    public static final int CONFLICT = 1003;
    /** The path is absolute, escapes the workspace, or leads outside it through a symlink. */
    public static final int OUTSIDE_WORKSPACE = 1004;
    /** The caller or the operating system does not allow the operation. */
    public static final int PERMISSION_DENIED = 1005;
    /** The object is larger than this method accepts; use the streamed HTTP route. */
    public static final int TOO_LARGE = 1006;
    /** A directory was expected. */
    public static final int NOT_A_DIRECTORY = 1007;
    /** A file was expected but the path is a directory. */
    public static final int IS_A_DIRECTORY = 1008;
    /** The service or resource is not available right now; retrying later may succeed. */
    public static final int UNAVAILABLE = 1009;
    /** Too many requests; retry after the time given in {@code error.data.retryAfterMs}. */
    public static final int RATE_LIMITED = 1010;
    /** The request was cancelled. */
    public static final int CANCELLED = 1011;

    private ErrorCodes() {
    }

    /** The protocol name of a 1xxx code ({@code "NotFound"}), or {@code null} for other codes. */
    public static String name(int code) {
        return switch (code) {
            case NOT_FOUND -> "NotFound";
            case ALREADY_EXISTS -> "AlreadyExists";
            case CONFLICT -> "Conflict";
            case OUTSIDE_WORKSPACE -> "OutsideWorkspace";
            case PERMISSION_DENIED -> "PermissionDenied";
            case TOO_LARGE -> "TooLarge";
            case NOT_A_DIRECTORY -> "NotADirectory";
            case IS_A_DIRECTORY -> "IsADirectory";
            case UNAVAILABLE -> "Unavailable";
            case RATE_LIMITED -> "RateLimited";
            case CANCELLED -> "Cancelled";
            default -> null;
        };
    }
}
