package dev.stratus.ai.governance;

import java.time.Duration;

/** A user sent more requests (or text completions) per minute than allowed. */
public final class RateLimitedException extends GovernanceException {
    private final String userId;
    private final Duration retryAfter;

    public RateLimitedException(String userId, int perMinute, Duration retryAfter) {
        this(userId, "AI requests", perMinute, retryAfter);
    }

    /** @param what what was counted, in the message's words ("AI requests", "AI completions") */
    public RateLimitedException(String userId, String what, int perMinute, Duration retryAfter) {
        super("Too many " + what + " from user '" + userId + "' (limit " + perMinute + " per minute); retry after "
                + Math.max(1, (retryAfter.toMillis() + 999) / 1000) + " s");
        this.userId = userId;
        this.retryAfter = retryAfter;
    }

    /**
     * {@code message}, one of these exceptions', with the wait in its words left out: the same words for every
     * refusal while the limit lasts, for a client that is told the wait apart (a gateway's {@code Retry-After}).
     */
    public static String withoutWait(String message) {
        return message.replaceFirst("; retry after \\d+ s$", "");
    }

    public String userId() {
        return userId;
    }

    /** How long until one more request fits. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
