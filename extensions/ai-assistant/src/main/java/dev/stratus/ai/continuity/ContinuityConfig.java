package dev.stratus.ai.continuity;

import java.time.Duration;

/**
 * How hard a chat call tries before it gives up.
 *
 * @param retriesInPlace retries of the same deployment after a short transient failure, before
 *     falling back; default 1, range 0..5
 * @param retryInPlaceMax a failure is short when the provider asked for no wait or at most this
 *     long; longer waits cool the deployment down and move on instead; default 2 s
 * @param recoveryWaitMax when every candidate is cooling down, the longest one call waits (in
 *     total) for the first to recover rather than fail; default 30 s
 * @param maxAttempts provider calls one chat call makes at most, all deployments together;
 *     default 12
 * @param backoffBase ceiling of the first in-place retry's jittered pause; default 500 ms
 * @param backoffCap the largest such ceiling; default 4 s
 * @param cooldowns how long a failed deployment is left alone
 */
public record ContinuityConfig(int retriesInPlace, Duration retryInPlaceMax, Duration recoveryWaitMax, int maxAttempts,
                               Duration backoffBase, Duration backoffCap, CooldownPolicy cooldowns) {

    public ContinuityConfig {
        if (retriesInPlace < 0 || retriesInPlace > 5) {
            throw new IllegalArgumentException("retriesInPlace is 0..5: " + retriesInPlace);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts is at least 1: " + maxAttempts);
        }
        if (retryInPlaceMax.isNegative() || recoveryWaitMax.isNegative()) {
            throw new IllegalArgumentException("waits are not negative");
        }
    }

    public static ContinuityConfig defaults() {
        return new ContinuityConfig(1, Duration.ofSeconds(2), Duration.ofSeconds(30), 12, Duration.ofMillis(500),
                Duration.ofSeconds(4), CooldownPolicy.defaults());
    }

    public ContinuityConfig withRetriesInPlace(int retries) {
        return new ContinuityConfig(retries, retryInPlaceMax, recoveryWaitMax, maxAttempts, backoffBase, backoffCap,
                cooldowns);
    }

    public ContinuityConfig withRecoveryWaitMax(Duration wait) {
        return new ContinuityConfig(retriesInPlace, retryInPlaceMax, wait, maxAttempts, backoffBase, backoffCap,
                cooldowns);
    }
}
