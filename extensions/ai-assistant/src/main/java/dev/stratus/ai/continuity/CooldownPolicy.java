package dev.stratus.ai.continuity;

import java.time.Duration;

/**
 * How long a deployment is left alone after a failure.
 *
 * <p>A failure of the {@code n}-th consecutive kind (counted since the deployment's last success)
 * cools it down for {@code base * 2^(n-1)}, stretched by up to {@code jitter} (so replicas and
 * deployments that failed together do not all come back at the same instant), never past
 * {@code cap}. A {@code Retry-After} from the provider is used instead, up to {@code cap} too: a
 * provider may well say an hour (a daily quota) or, misconfigured, a day or 10^30 seconds, and a
 * deployment out of service that long, silently, is worse than one asked again after {@code cap}
 * and found still limited.
 *
 * @param rateLimitBase first cooldown after a 429 without Retry-After; default 2 s
 * @param serverErrorBase first cooldown after 5xx, overloaded or a cut stream; default 1 s
 * @param timeoutBase first cooldown after a timeout; default 1 s
 * @param authFailure fixed cooldown after 401/403 (a wrong key does not fix itself); default 5 min
 * @param cap the longest cooldown, computed or asked for by a Retry-After; default 5 min
 * @param quotaExhausted fixed cooldown when the provider says the account is out of quota or
 *     credit (a shorter Retry-After, which a gateway whose budget resets may send, is used
 *     instead); the cap does not shorten it, as asking again in minutes only fails again; default
 *     1 h (a restart of the server ends it too)
 * @param jitter the largest fractional stretch, in [0, 1]; default 0.2
 */
public record CooldownPolicy(Duration rateLimitBase, Duration serverErrorBase, Duration timeoutBase,
                             Duration authFailure, Duration cap, double jitter, Duration quotaExhausted) {

    public CooldownPolicy {
        requirePositive(rateLimitBase, "rateLimitBase");
        requirePositive(serverErrorBase, "serverErrorBase");
        requirePositive(timeoutBase, "timeoutBase");
        requirePositive(authFailure, "authFailure");
        requirePositive(cap, "cap");
        requirePositive(quotaExhausted, "quotaExhausted");
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter is in [0, 1]: " + jitter);
        }
    }

    public static CooldownPolicy defaults() {
        return new CooldownPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMinutes(5), Duration.ofMinutes(5), 0.2, Duration.ofHours(1));
    }

    /** The computed cooldown before jitter, for the {@code failures}-th consecutive failure (1-based). */
    Duration nominal(Duration base, int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 30);
        Duration d = base.multipliedBy(1L << doublings);
        return d.compareTo(cap) > 0 ? cap : d;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
