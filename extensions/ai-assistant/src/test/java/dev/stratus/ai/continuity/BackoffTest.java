package dev.stratus.ai.continuity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final FakeTime time = new FakeTime();

    private Backoff backoff(double draw) {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), new FixedRandom(draw), time);
    }

    @Test
    void theCeilingDoublesPerRetryUpToTheCap() {
        Backoff longest = backoff(0.999_999);
        assertThat(longest.delay(0, null)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
        assertThat(longest.delay(1, null)).isBetween(Duration.ofMillis(1999), Duration.ofSeconds(2));
        assertThat(longest.delay(2, null)).isBetween(Duration.ofMillis(3999), Duration.ofSeconds(4));
        assertThat(longest.delay(3, null)).isBetween(Duration.ofMillis(7999), Duration.ofSeconds(8));
        assertThat(longest.delay(40, null)).isBetween(Duration.ofMillis(7999), Duration.ofSeconds(8));
    }

    @Test
    void fullJitterDrawsAnywhereFromZeroToTheCeiling() {
        assertThat(backoff(0).delay(3, null)).isZero();
        assertThat(backoff(0.25).delay(2, null)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retryAfterIsAFloor() {
        assertThat(backoff(0).delay(0, Duration.ofMillis(1500))).isEqualTo(Duration.ofMillis(1500));
        assertThat(backoff(0.9).delay(3, Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(7200));
    }

    @Test
    void pauseWaitsWithTheSleeperAndSaysHowLong() throws InterruptedException {
        Duration waited = backoff(0.5).pause(1, null);
        assertThat(waited).isEqualTo(Duration.ofSeconds(1));
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(time.instant()).isEqualTo(FakeTime.START.plusSeconds(1));
    }

    @Test
    void anInterruptedPauseThrows() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> backoff(0.5).pause(0, null)).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aCapBelowTheBaseIsRejected() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new FixedRandom(0), time))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
