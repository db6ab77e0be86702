package dev.stratus.server.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits login attempts per client address with a token bucket: a small burst, then a steady
 * rate per minute. Buckets of idle addresses are dropped so the map stays bounded.
 */
public final class LoginRateLimiter {
    private static final int MAX_TRACKED = 10_000;
    private final int perMinute;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public LoginRateLimiter(int perMinute) {
        this.perMinute = perMinute;
    }

    /**
     * Takes one attempt for {@code address}.
     *
     * @return 0 if allowed, else the milliseconds until the next attempt is allowed
     */
    public long tryAcquire(String address) {
        if (buckets.size() > MAX_TRACKED) {
            buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= perMinute);
        }
        Bucket bucket = buckets.computeIfAbsent(address, a -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toMillis());
    }
}
