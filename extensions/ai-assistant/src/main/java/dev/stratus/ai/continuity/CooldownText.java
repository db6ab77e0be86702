package dev.stratus.ai.continuity;

import dev.stratus.ai.model.Deployment;
import java.time.Duration;
import java.time.Instant;

/**
 * Cooldowns and waits in words for people: why, and when the deployment is back relative to now
 * (an instant in UTC to the nanosecond means nothing to someone waiting for an answer).
 */
public final class CooldownText {
    /** A deployment nothing answers at: not slow, stopped or misaddressed. */
    static final String REFUSING = "refusing connections";

    private CooldownText() {
    }

    /** {@code rate limited, available again in 12 s}; the failure count when it is more than one. */
    public static String describe(Cooldown cd, Instant now) {
        return describe(words(cd.reason()), cd, now);
    }

    /** As {@link #describe(Cooldown, Instant)}, saying where {@code d}'s server should be when nothing answers there. */
    public static String describe(Cooldown cd, Instant now, Deployment d) {
        return describe(words(cd.reason(), d), cd, now);
    }

    private static String describe(String words, Cooldown cd, Instant now) {
        String s = words;
        if (cd.consecutiveFailures() > 1) {
            s += ", " + cd.consecutiveFailures() + " times in a row";
        }
        return s + ", available again in " + approximately(Duration.between(now, cd.until()));
    }

    /** The failure that started a cooldown, in a few words. */
    public static String words(CooldownReason reason) {
        return switch (reason) {
            case RATE_LIMITED -> "rate limited";
            case SERVER_ERROR -> "failing with server errors";
            case TIMEOUT -> "timing out";
            case UNREACHABLE -> REFUSING;
            case AUTH -> "refusing the configured credentials";
            case QUOTA_EXHAUSTED -> "out of quota at the provider";
        };
    }

    /**
     * As {@link #words(CooldownReason)}, a deployment nothing answers at with the question to ask:
     * {@code refusing connections (is the server running at 127.0.0.1:11434?)}.
     */
    public static String words(CooldownReason reason, Deployment d) {
        return reason == CooldownReason.UNREACHABLE ? REFUSING + runningAt(d) : words(reason);
    }

    /** {@code  (is the server running at host:port?)}: where {@code d}'s server should be, never its path, query or key. */
    public static String runningAt(Deployment d) {
        return " (is the server running at " + d.address() + "?)";
    }

    /** Rounded up (a wait said shorter than it is would be a promise broken), in the unit people would use. */
    public static String approximately(Duration d) {
        long s = Math.max(0, (d.toMillis() + 999) / 1000);
        if (s < 120) {
            return s + " s";
        }
        long min = (s + 59) / 60;
        return min < 120 ? min + " min" : min / 60 + " h " + min % 60 + " min";
    }
}
