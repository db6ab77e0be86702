package dev.stratus.server.auth;

import java.time.Duration;

/**
 * @param sessionTtl lifetime of a browser session (default 12 h)
 * @param loginLinkTtl lifetime of a one-time login link (default 15 min)
 * @param loginAttemptsPerMinute login attempts allowed per client address (default 10)
 */
public record AuthConfig(Duration sessionTtl, Duration loginLinkTtl, int loginAttemptsPerMinute) {
    public static AuthConfig defaults() {
        return new AuthConfig(Duration.ofHours(12), Duration.ofMinutes(15), 10);
    }
}
