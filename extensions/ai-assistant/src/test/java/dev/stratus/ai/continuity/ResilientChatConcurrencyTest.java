package dev.stratus.ai.continuity;

import static dev.stratus.ai.continuity.ResilientChatTest.REQUEST;
import static dev.stratus.ai.continuity.ResilientChatTest.small;
import static dev.stratus.ai.continuity.ScriptedClient.answer;
import static dev.stratus.ai.continuity.ScriptedClient.fail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.continuity.Attempt.Outcome;
import dev.stratus.ai.model.ProviderException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Calls running at the same time, and calls cancelled. */
class ResilientChatConcurrencyTest {
    final FakeTime time = new FakeTime();
    final Cooldowns cooldowns = new Cooldowns(CooldownPolicy.defaults(), time, new FixedRandom(0));
    final ScriptedClient client = new ScriptedClient();

    ResilientChat chat(Sleeper sleeper) {
        ContinuityConfig config = ContinuityConfig.defaults();
        Backoff backoff = new Backoff(config.backoffBase(), config.backoffCap(), new FixedRandom(0.5), sleeper);
        return new ResilientChat(config, cooldowns, backoff, sleeper, time, d -> client);
    }

    @Test
    void aRateLimitOneCallerMeetsMakesCallersOnOtherThreadsSkipTheDeployment() throws Exception {
        CountDownLatch firstOnB = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        client.on("a", fail(Kind.RATE_LIMITED, Duration.ofSeconds(60)), answer("a, too early"))
                .on("b", events -> {
                    firstOnB.countDown();
                    await(releaseFirst);
                    return answer("b, first").run(events);
                }, answer("b"));
        ResilientChat chat = chat(time);

        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Answer> first = pool.submit(() -> chat.call(List.of(small("a"), small("b")), REQUEST, e -> { }));
            assertThat(firstOnB.await(5, TimeUnit.SECONDS)).isTrue();

            // The first call is still in flight, on b, after a's 429.
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> others = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                others.add(pool.submit(() -> {
                    go.await();
                    return chat.call(List.of(small("a"), small("b")), REQUEST, e -> { });
                }));
            }
            go.countDown();
            for (Future<Answer> f : others) {
                Answer answer = f.get(5, TimeUnit.SECONDS);
                assertThat(answer.answeredBy().name()).isEqualTo("b");
                assertThat(answer.trace().attempts().get(0).outcome()).isEqualTo(Outcome.SKIPPED_COOLING_DOWN);
            }
            releaseFirst.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS).result().text()).isEqualTo("b, first");
        }
        assertThat(client.calls("a")).isEqualTo(1);
        assertThat(client.calls("b")).isEqualTo(9);
    }

    @Test
    void cancellingEndsTheWaitForRecovery() throws Exception {
        cooldowns.recordFailure("a", CooldownReason.RATE_LIMITED, Duration.ofSeconds(10));
        client.on("a", answer("too late"));
        CountDownLatch waiting = new CountDownLatch(1);
        Sleeper blocking = d -> {
            waiting.countDown();
            new CountDownLatch(1).await();
        };
        ResilientChat chat = chat(blocking);
        AtomicReference<Throwable> thrown = new AtomicReference<>();

        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                chat.call(List.of(small("a")), REQUEST, e -> { });
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();

        assertThat(caller.join(Duration.ofSeconds(5))).isTrue();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(client.calls("a")).isZero();
    }

    @Test
    void cancellingEndsTheCallInFlightWithoutFallingBackOrBlamingTheDeployment() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        client.on("a", ScriptedClient.hang(inFlight)).on("b", answer("should not be asked"));
        ResilientChat chat = chat(time);
        AtomicReference<Throwable> thrown = new AtomicReference<>();

        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                chat.call(List.of(small("a"), small("b")), REQUEST, e -> { });
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        assertThat(inFlight.await(5, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();

        assertThat(caller.join(Duration.ofSeconds(5))).isTrue();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(client.calls("b")).isZero();
        assertThat(cooldowns.coolingDown("a")).isFalse();
        assertThat(time.sleeps).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
