package dev.stratus.ai.governance;

import java.time.Duration;

/** A user sent more requests per minute than allowed. */
public final class RateLimitedException extends GovernanceException {
    private final String userId;
    private final Duration retryAfter;

    public RateLimitedException(String userId, int perMinute, Duration retryAfter) {
        super("Too many AI requests from user '" + userId + "' (limit " + perMinute + " per minute); retry after "
                + Math.max(1, (retryAfter.toMillis() + 999) / 1000) + " s");
        this.userId = userId;
        this.retryAfter = retryAfter;
    }

    public String userId() {
        return userId;
    }

    /** How long until one more request fits. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
