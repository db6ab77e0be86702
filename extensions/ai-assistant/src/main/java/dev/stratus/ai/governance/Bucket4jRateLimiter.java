package dev.stratus.ai.governance;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per minute per user: a token bucket of {@code requestsPerMinute} requests that refills
 * evenly over a minute, so a user may send a burst and then one request every
 * {@code 60 / requestsPerMinute} seconds. Buckets of idle users are dropped so the map stays bounded.
 */
public final class Bucket4jRateLimiter {
    private static final int MAX_TRACKED = 10_000;
    private final int perMinute;
    private final TimeMeter time;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public Bucket4jRateLimiter(RateLimitConfig config, Clock clock) {
        this.perMinute = config.requestsPerMinute();
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /**
     * Takes one request from the user's bucket.
     *
     * @throws RateLimitedException with the wait until one more request fits
     */
    public void acquire(String userId) {
        if (perMinute == 0) {
            return;
        }
        if (buckets.size() > MAX_TRACKED) {
            buckets.values().removeIf(b -> b.getAvailableTokens() >= perMinute);
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(userId, u -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .withCustomTimePrecision(time)
                .build()).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new RateLimitedException(userId, perMinute, Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}
