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
 * {@code 60 / requestsPerMinute} seconds; text completions draw on a bucket of their own
 * ({@code completionsPerMinute}), so that an editor asking at every pause in typing never leaves
 * its user without chat. Buckets of idle users are dropped so the maps stay bounded.
 */
public final class Bucket4jRateLimiter {
    private static final int MAX_TRACKED = 10_000;
    private final Allowance requests;
    private final Allowance completions;

    public Bucket4jRateLimiter(RateLimitConfig config, Clock clock) {
        TimeMeter time = new TimeMeter() {
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
        this.requests = new Allowance("AI requests", config.requestsPerMinute(), time);
        this.completions = new Allowance("AI completions", config.completionsPerMinute(), time);
    }

    /**
     * Takes one request from the user's bucket of requests.
     *
     * @throws RateLimitedException with the wait until one more request fits
     */
    public void acquire(String userId) {
        requests.take(userId);
    }

    /**
     * Takes one text completion from the user's bucket of completions; the bucket of requests is
     * not touched.
     *
     * @throws RateLimitedException with the wait until one more completion fits
     */
    public void acquireCompletion(String userId) {
        completions.take(userId);
    }

    private record Allowance(String what, int perMinute, TimeMeter time, Map<String, Bucket> buckets) {
        Allowance(String what, int perMinute, TimeMeter time) {
            this(what, perMinute, time, new ConcurrentHashMap<>());
        }

        void take(String userId) {
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
                throw new RateLimitedException(userId, what, perMinute, Duration.ofNanos(probe.getNanosToWaitForRefill()));
            }
        }
    }
}
