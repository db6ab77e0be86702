package dev.stratus.ai.continuity;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The pause before trying the same deployment again: exponential backoff with <em>full
 * jitter</em>, the wait drawn uniformly from {@code [0, min(cap, base * 2^retry)]}, so callers
 * that failed together spread out instead of returning in step. A {@code Retry-After} from the
 * provider is a floor: the pause is never shorter than what the provider asked for.
 * Thread-safe when {@code random} is.
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final RandomGenerator random;
    private final Sleeper sleeper;

    /**
     * @param base the ceiling of the first retry's pause
     * @param cap the largest ceiling
     * @param random drawn from by concurrent calls, so thread-safe
     * @param sleeper how to wait
     */
    public Backoff(Duration base, Duration cap, RandomGenerator random, Sleeper sleeper) {
        if (!base.isPositive() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap: " + base + ", " + cap);
        }
        this.base = base;
        this.cap = cap;
        this.random = random;
        this.sleeper = sleeper;
    }

    /** From {@code config}, each thread's {@link ThreadLocalRandom}, and real sleeping. */
    public static Backoff of(ContinuityConfig config) {
        return new Backoff(config.backoffBase(), config.backoffCap(), () -> ThreadLocalRandom.current().nextLong(),
                Sleeper.THREAD);
    }

    /**
     * The pause before retry number {@code retry}.
     *
     * @param retry 0 for the first retry
     * @param retryAfter the provider's wait, or null
     */
    public Duration delay(int retry, Duration retryAfter) {
        Duration ceiling = base.multipliedBy(1L << Math.min(Math.max(retry, 0), 30));
        if (ceiling.compareTo(cap) > 0) {
            ceiling = cap;
        }
        Duration drawn = Duration.ofNanos((long) (ceiling.toNanos() * random.nextDouble()));
        return retryAfter != null && retryAfter.compareTo(drawn) > 0 ? retryAfter : drawn;
    }

    /**
     * Waits {@link #delay(int, Duration)} and returns it.
     *
     * @throws InterruptedException when the caller cancelled
     */
    public Duration pause(int retry, Duration retryAfter) throws InterruptedException {
        Duration d = delay(retry, retryAfter);
        sleeper.sleep(d);
        return d;
    }
}
