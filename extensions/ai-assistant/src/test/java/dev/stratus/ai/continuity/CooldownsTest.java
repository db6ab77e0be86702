package dev.stratus.ai.continuity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.continuity.CooldownEvent.Ended;
import dev.stratus.ai.continuity.CooldownEvent.Started;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.ProviderException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class CooldownsTest {
    private final FakeTime time = new FakeTime();
    private final List<CooldownEvent> events = new CopyOnWriteArrayList<>();

    private Cooldowns cooldowns(double draw) {
        Cooldowns c = new Cooldowns(CooldownPolicy.defaults(), time, new FixedRandom(draw));
        c.addListener(events::add);
        return c;
    }

    private static ProviderException failure(Kind kind, Duration retryAfter) {
        return new ProviderException(kind, 0, retryAfter, kind.name());
    }

    @Test
    void aRetryAfterLongerThanTheCapCoolsDownForTheCap() {
        Cooldowns cooldowns = new Cooldowns(CooldownPolicy.defaults(), time, new FixedRandom(0));

        Cooldown day = cooldowns.recordFailure("a", CooldownReason.RATE_LIMITED, Duration.ofSeconds(100_000));
        Cooldown short_ = cooldowns.recordFailure("b", CooldownReason.RATE_LIMITED, Duration.ofSeconds(90));

        assertThat(day.until()).isEqualTo(FakeTime.START.plus(CooldownPolicy.defaults().cap()));
        assertThat(CooldownPolicy.defaults().cap()).isEqualTo(Duration.ofMinutes(5));
        assertThat(short_.until()).isEqualTo(FakeTime.START.plusSeconds(90));
    }

    @Test
    void rateLimitWithRetryAfterCoolsDownUntilExactlyThen() {
        Cooldowns c = cooldowns(0.7);
        c.recordFailure("a", failure(Kind.RATE_LIMITED, Duration.ofSeconds(20)));

        assertThat(c.until("a")).contains(FakeTime.START.plusSeconds(20));
        time.advance(Duration.ofSeconds(19).plusMillis(999));
        assertThat(c.coolingDown("a")).isTrue();
        time.advance(Duration.ofMillis(1));
        assertThat(c.coolingDown("a")).isFalse();
        assertThat(c.until("a")).isEmpty();
    }

    @Test
    void rateLimitWithoutRetryAfterDoublesPerConsecutiveFailureUpToTheCap() {
        Cooldowns c = cooldowns(0);
        List<Long> seconds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Cooldown cd = c.recordFailure("a", failure(Kind.RATE_LIMITED, null)).orElseThrow();
            seconds.add(Duration.between(time.instant(), cd.until()).toSeconds());
            time.advance(Duration.ofMinutes(10));
        }
        assertThat(seconds).containsExactly(2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L);
    }

    @Test
    void jitterStretchesTheCooldownByAtMostAFifthAndNeverPastTheCap() {
        Cooldowns c = cooldowns(0.5);
        Cooldown first = c.recordFailure("a", failure(Kind.RATE_LIMITED, null)).orElseThrow();
        assertThat(Duration.between(time.instant(), first.until())).isEqualTo(Duration.ofMillis(2200));

        for (int i = 0; i < 12; i++) {
            c.recordFailure("b", failure(Kind.RATE_LIMITED, null));
        }
        assertThat(c.until("b")).contains(time.instant().plus(Duration.ofMinutes(5)));
    }

    @Test
    void serverErrorsAndTimeoutsStartShorterAndGrowTheSameWay() {
        Cooldowns c = cooldowns(0);
        c.recordFailure("overloaded", failure(Kind.OVERLOADED, null));
        c.recordFailure("5xx", failure(Kind.SERVER_ERROR, null));
        c.recordFailure("5xx", failure(Kind.SERVER_ERROR, null));
        c.recordFailure("slow", failure(Kind.TIMEOUT, null));
        c.recordFailure("slow", failure(Kind.TIMEOUT, null));
        c.recordFailure("slow", failure(Kind.TIMEOUT, null));

        assertThat(c.until("overloaded")).contains(FakeTime.START.plusSeconds(1));
        assertThat(c.until("5xx")).contains(FakeTime.START.plusSeconds(2));
        assertThat(c.until("slow")).contains(FakeTime.START.plusSeconds(4));
        assertThat(c.current("slow").orElseThrow().reason()).isEqualTo(CooldownReason.TIMEOUT);
    }

    @Test
    void overloadedWithRetryAfterHonoursIt() {
        Cooldowns c = cooldowns(0);
        c.recordFailure("a", failure(Kind.OVERLOADED, Duration.ofSeconds(7)));
        assertThat(c.until("a")).contains(FakeTime.START.plusSeconds(7));
    }

    @Test
    void authFailureCoolsDownForTheFixedSpell() {
        Cooldowns c = cooldowns(0);
        c.recordFailure("a", failure(Kind.AUTH, null));
        c.recordFailure("a", failure(Kind.AUTH, null));
        assertThat(c.until("a")).contains(FakeTime.START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void contextOverflowAndBadRequestDoNotCoolDown() {
        Cooldowns c = cooldowns(0);
        assertThat(c.recordFailure("a", failure(Kind.CONTEXT_OVERFLOW, null))).isEmpty();
        assertThat(c.recordFailure("a", failure(Kind.BAD_REQUEST, null))).isEmpty();
        assertThat(c.coolingDown("a")).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void theContextAnOverflowSaysIsServedIsKeptUntilTheConfigurationChanges() {
        Cooldowns c = cooldowns(0);
        c.recordFailure("a", failure(Kind.CONTEXT_OVERFLOW, null));
        assertThat(c.servedContext("a")).isEmpty();

        c.recordFailure("a", new ProviderException(Kind.CONTEXT_OVERFLOW, 400, null, "too long", 4096));
        c.recordSuccess("a");
        assertThat(c.servedContext("a")).contains(4096);
        c.recordFailure("a", new ProviderException(Kind.CONTEXT_OVERFLOW, 400, null, "too long", 8192));
        assertThat(c.servedContext("a")).contains(8192);

        c.clear("a");
        assertThat(c.servedContext("a")).isEmpty();
        assertThat(c.coolingDown("a")).isFalse();
    }

    @Test
    void successClearsTheCooldownAndTheFailureCount() {
        Cooldowns c = cooldowns(0);
        c.recordFailure("a", failure(Kind.RATE_LIMITED, null));
        c.recordFailure("a", failure(Kind.RATE_LIMITED, null));
        c.recordSuccess("a");

        assertThat(c.coolingDown("a")).isFalse();
        Cooldown next = c.recordFailure("a", failure(Kind.RATE_LIMITED, null)).orElseThrow();
        assertThat(next.consecutiveFailures()).isEqualTo(1);
        assertThat(next.until()).isEqualTo(FakeTime.START.plusSeconds(2));
        assertThat(events).filteredOn(Ended.class::isInstance)
                .containsExactly(new Ended("a", CooldownReason.RATE_LIMITED, Ended.How.CLEARED_BY_SUCCESS));
    }

    @Test
    void theFailureCountOutlivesTheCooldownUntilASuccess() {
        Cooldowns c = cooldowns(0);
        c.recordFailure("a", failure(Kind.SERVER_ERROR, null));
        time.advance(Duration.ofMinutes(1));
        assertThat(c.coolingDown("a")).isFalse();

        Cooldown again = c.recordFailure("a", failure(Kind.SERVER_ERROR, null)).orElseThrow();
        assertThat(again.consecutiveFailures()).isEqualTo(2);
        assertThat(again.until()).isEqualTo(time.instant().plusSeconds(2));
    }

    @Test
    void startAndExpiryAreEachReportedOnce() {
        Cooldowns c = cooldowns(0);
        c.recordFailure("a", failure(Kind.TIMEOUT, null));
        time.advance(Duration.ofSeconds(5));
        c.coolingDown("a");
        c.coolingDown("a");
        c.recordSuccess("a");

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(Started.class, s -> {
            assertThat(s.deployment()).isEqualTo("a");
            assertThat(s.cooldown().reason()).isEqualTo(CooldownReason.TIMEOUT);
        });
        assertThat(events.get(1)).isEqualTo(new Ended("a", CooldownReason.TIMEOUT, Ended.How.EXPIRED));
    }

    @Test
    void aShorterFailureDoesNotCutALongerCooldownShort() {
        Cooldowns c = cooldowns(0);
        c.recordFailure("a", failure(Kind.RATE_LIMITED, Duration.ofSeconds(60)));
        Cooldown kept = c.recordFailure("a", failure(Kind.SERVER_ERROR, null)).orElseThrow();
        assertThat(c.until("a")).contains(FakeTime.START.plusSeconds(60));
        assertThat(kept.reason()).isEqualTo(CooldownReason.RATE_LIMITED);
        assertThat(kept.retryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(kept.consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void earliestRecoveryIsTheFirstOfThoseCoolingDown() {
        Cooldowns c = cooldowns(0);
        c.recordFailure("a", failure(Kind.RATE_LIMITED, Duration.ofSeconds(30)));
        c.recordFailure("b", failure(Kind.RATE_LIMITED, Duration.ofSeconds(10)));
        c.recordFailure("other", failure(Kind.RATE_LIMITED, Duration.ofSeconds(1)));

        assertThat(c.earliestRecovery(List.of("a", "b", "fresh"))).contains(FakeTime.START.plusSeconds(10));
        assertThat(c.earliestRecovery(Set.of("fresh"))).isEmpty();
    }

    @Test
    void aListenerThatThrowsBreaksNeitherTheCallerNorOtherListeners() {
        Cooldowns c = new Cooldowns(CooldownPolicy.defaults(), time, new FixedRandom(0));
        c.addListener(e -> {
            throw new IllegalStateException("metrics bug");
        });
        c.addListener(events::add);
        c.recordFailure("a", failure(Kind.TIMEOUT, null));
        c.recordSuccess("a");
        assertThat(events).hasSize(2);
    }

    @Test
    void concurrentFailuresAreAllCounted() throws Exception {
        Cooldowns c = cooldowns(0);
        int threads = 16;
        int each = 200;
        CountDownLatch go = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        c.recordFailure("a", failure(Kind.SERVER_ERROR, null));
                    }
                    return null;
                });
            }
            go.countDown();
        }
        assertThat(c.current("a").orElseThrow().consecutiveFailures()).isEqualTo(threads * each);
        assertThat(events).hasSize(threads * each);
    }
}
