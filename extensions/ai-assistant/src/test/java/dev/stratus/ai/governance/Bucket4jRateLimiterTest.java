package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class Bucket4jRateLimiterTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void aBurstIsAllowedThenRefusedWithRetryAfter() {
        Bucket4jRateLimiter limiter = new Bucket4jRateLimiter(new RateLimitConfig(6, null), clock);
        for (int i = 0; i < 6; i++) {
            limiter.acquire("alice");
        }
        assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOfSatisfying(RateLimitedException.class, e -> {
            assertThat(e.userId()).isEqualTo("alice");
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(10));
            assertThat(e.getMessage()).contains("alice", "6 per minute", "retry after 10 s");
        });
        limiter.acquire("bob");
        clock.advance(Duration.ofSeconds(10));
        limiter.acquire("alice");
        assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void zeroTurnsTheLimitOff() {
        Bucket4jRateLimiter limiter = new Bucket4jRateLimiter(new RateLimitConfig(0, null), clock);
        for (int i = 0; i < 1000; i++) {
            limiter.acquire("alice");
        }
    }

    @Test
    void completionsDrawOnAnAllowanceOfTheirOwn() {
        Bucket4jRateLimiter limiter = new Bucket4jRateLimiter(new RateLimitConfig(2, 4), clock);
        for (int i = 0; i < 4; i++) {
            limiter.acquireCompletion("alice");
        }
        assertThatThrownBy(() -> limiter.acquireCompletion("alice")).isInstanceOfSatisfying(RateLimitedException.class, e -> {
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(15));
            assertThat(e.getMessage()).contains("completions", "4 per minute");
        });
        limiter.acquire("alice");
        limiter.acquire("alice");
        assertThatThrownBy(() -> limiter.acquire("alice")).isInstanceOf(RateLimitedException.class);
        assertThatThrownBy(() -> limiter.acquireCompletion("alice")).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void completionsAllowOneHundredTwentyAMinuteByDefault() {
        Bucket4jRateLimiter limiter = new Bucket4jRateLimiter(RateLimitConfig.defaults(), clock);
        for (int i = 0; i < 120; i++) {
            limiter.acquireCompletion("alice");
        }
        assertThatThrownBy(() -> limiter.acquireCompletion("alice")).isInstanceOf(RateLimitedException.class);
        limiter.acquire("alice");
    }
}
