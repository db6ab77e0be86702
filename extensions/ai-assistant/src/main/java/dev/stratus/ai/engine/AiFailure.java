package dev.stratus.ai.engine;

/**
 * A request the assistant could not answer, with the protocol code the client gets: 1009
 * Unavailable (no model, every deployment failing), 1010 RateLimited (budget or rate limit),
 * 1005 PermissionDenied (redaction failed: nothing was sent), -32602 (a bad request), 1011
 * Cancelled.
 */
public class AiFailure extends RuntimeException {
    public static final int UNAVAILABLE = 1009;
    public static final int RATE_LIMITED = 1010;
    public static final int BLOCKED = 1005;
    public static final int INVALID = -32602;
    public static final int CANCELLED = 1011;

    private final int code;

    public AiFailure(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
