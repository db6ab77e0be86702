package dev.stratus.server.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed login attempts per client address with a token bucket: a burst, then a steady
 * rate per minute. Only failures spend tokens, so a user who logs in right is never slowed by
 * earlier successes; a guesser is. Buckets of idle addresses are dropped so the map stays bounded.
 */
public final class Bucket4jLoginThrottle implements LoginThrottle {
    private static final int MAX_TRACKED = 10_000;
    private final int perMinute;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public Bucket4jLoginThrottle(int perMinute) {
        this.perMinute = perMinute;
    }

    @Override
    public long waitBeforeAttempt(String address) {
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            return 0;
        }
        var estimate = bucket.estimateAbilityToConsume(1);
        return estimate.canBeConsumed() ? 0 : Math.max(1, Duration.ofNanos(estimate.getNanosToWaitForRefill()).toMillis());
    }

    @Override
    public void recordFailure(String address) {
        if (buckets.size() > MAX_TRACKED) {
            buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= perMinute);
        }
        buckets.computeIfAbsent(address, a -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build()).tryConsume(1);
    }
}
