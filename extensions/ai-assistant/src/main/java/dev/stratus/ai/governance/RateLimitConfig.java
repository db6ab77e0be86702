package dev.stratus.ai.governance;

/**
 * Per-user request rates: one for requests a person makes (chat, edits, the gateway's chat
 * completions) and one of its own for text completions, which an editor asks for at nearly every
 * pause in typing and which must not use up the first.
 *
 * @param requestsPerMinute requests each user may send per minute, refilled evenly; also the
 *     burst; 0 turns the limit off. Default 30.
 * @param completionsPerMinute text completions ({@code ai/complete}, the gateway's
 *     {@code /v1/completions}) each user may ask for per minute, refilled evenly; also the burst;
 *     0 turns the limit off. Default 120.
 */
public record RateLimitConfig(Integer requestsPerMinute, Integer completionsPerMinute) {
    public RateLimitConfig {
        requestsPerMinute = requestsPerMinute == null ? 30 : requestsPerMinute;
        completionsPerMinute = completionsPerMinute == null ? 120 : completionsPerMinute;
        if (requestsPerMinute < 0 || requestsPerMinute > 100_000) {
            throw new GovernanceConfigException("rateLimit.requestsPerMinute must be 0..100000: " + requestsPerMinute);
        }
        if (completionsPerMinute < 0 || completionsPerMinute > 100_000) {
            throw new GovernanceConfigException("rateLimit.completionsPerMinute must be 0..100000: " + completionsPerMinute);
        }
    }

    public static RateLimitConfig defaults() {
        return new RateLimitConfig(null, null);
    }
}
