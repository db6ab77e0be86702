package dev.stratus.ai.governance;

/**
 * Per-user request rate.
 *
 * @param requestsPerMinute requests each user may send per minute, refilled evenly; also the
 *     burst; 0 turns the limit off. Default 30.
 */
public record RateLimitConfig(Integer requestsPerMinute) {
    public RateLimitConfig {
        requestsPerMinute = requestsPerMinute == null ? 30 : requestsPerMinute;
        if (requestsPerMinute < 0 || requestsPerMinute > 100_000) {
            throw new GovernanceConfigException("rateLimit.requestsPerMinute must be 0..100000: " + requestsPerMinute);
        }
    }

    public static RateLimitConfig defaults() {
        return new RateLimitConfig(null);
    }
}
