package dev.stratus.ai.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The body's idle bound (one watchdog per body) and its read-ahead window, driven as the HTTP client would. */
class IdleTimeoutBodyTest {
    private static final Duration IDLE = Duration.ofMillis(300);

    private final ScheduledExecutorService upstream = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        upstream.shutdownNow();
    }

    /** The demand the client was given and whether the body cancelled it. */
    private static final class Demand implements Flow.Subscription {
        final AtomicLong requested = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }
    }

    private static List<ByteBuffer> bytes(String s) {
        return List.of(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSteadyStreamLongerThanTheIdlePeriodIsReadWhole() throws IOException {
        IdleTimeoutBody body = new IdleTimeoutBody(IDLE);
        body.onSubscribe(new Demand());
        for (int i = 0; i < 12; i++) { // 1.2 s in all, never 300 ms apart
            int n = i;
            upstream.schedule(() -> body.onNext(bytes("c" + n + ";")), 100L * (i + 1), TimeUnit.MILLISECONDS);
        }
        upstream.schedule(body::onComplete, 1250, TimeUnit.MILLISECONDS);

        String read = new String(body.stream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(read).isEqualTo("c0;c1;c2;c3;c4;c5;c6;c7;c8;c9;c10;c11;");
    }

    @Test
    void aStallEndsTheReadAfterTheIdlePeriod() throws IOException {
        IdleTimeoutBody body = new IdleTimeoutBody(IDLE);
        Demand demand = new Demand();
        body.onSubscribe(demand);
        body.onNext(bytes("half an"));
        assertThat(body.stream().readNBytes(7)).asString(StandardCharsets.UTF_8).isEqualTo("half an");

        long t0 = System.nanoTime();
        assertThatThrownBy(body.stream()::read).isInstanceOf(IdleTimeoutBody.IdleException.class)
                .hasMessageContaining("no bytes for 300 ms");
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(waited).as("waited about the idle period, never forever").isBetween(250L, 5_000L);
        // Ended: a later read does not wait again.
        assertThat(body.stream().read()).isEqualTo(-1);
    }

    @Test
    void timeTheReaderSpendsElsewhereDoesNotCountAsIdle() throws Exception {
        IdleTimeoutBody body = new IdleTimeoutBody(IDLE);
        body.onSubscribe(new Demand());
        body.onNext(bytes("a"));
        body.onNext(bytes("b"));
        Thread.sleep(3 * IDLE.toMillis()); // the reader is busy (a slow browser): the bytes wait for it

        assertThat(body.stream().read()).isEqualTo('a');
        assertThat(body.stream().read()).isEqualTo('b');
        upstream.schedule(() -> body.onNext(bytes("c")), 200, TimeUnit.MILLISECONDS);
        assertThat(body.stream().read()).as("200 ms after the read began to wait is not idle").isEqualTo('c');
        upstream.schedule(body::onComplete, 200, TimeUnit.MILLISECONDS);
        assertThat(body.stream().read()).isEqualTo(-1);
    }

    @Test
    void theClientMayReadAheadAWindowAndGetsMoreAsTheReaderTakes() throws IOException {
        IdleTimeoutBody body = new IdleTimeoutBody(IDLE);
        Demand demand = new Demand();
        body.onSubscribe(demand);
        assertThat(demand.requested.get()).isEqualTo(IdleTimeoutBody.WINDOW);

        long delivered = 0;
        for (int round = 0; round < 5; round++) {
            // The client delivers everything it was asked for, one byte per buffer...
            long give = demand.requested.get() - delivered;
            for (long i = 0; i < give; i++) {
                body.onNext(bytes("x"));
            }
            delivered += give;
            assertThat(demand.requested.get()).as("no more demand before the reader takes any").isEqualTo(delivered);
            // ... and the reader takes it all.
            assertThat(body.stream().readNBytes((int) give)).hasSize((int) give);
            long outstanding = demand.requested.get() - delivered;
            assertThat(outstanding).as("renewed, never more than a window ahead")
                    .isBetween((long) IdleTimeoutBody.WINDOW / 2, (long) IdleTimeoutBody.WINDOW);
        }
        assertThat(delivered).as("the reader kept asking for more").isGreaterThan(3L * IdleTimeoutBody.WINDOW);

        body.close();
        assertThat(demand.cancelled).isTrue();
    }

    @Test
    void aDiscardedBodyIsLetGoAsSoonAsItsEndArrivesNotWhenTheBoundRunsOut() throws Exception {
        Demand demand = new Demand();
        WeakReference<IdleTimeoutBody> body = answeredThenEnded(demand, Duration.ofMinutes(1));

        // Nothing waits out the minute holding the body (and, in use, the HTTP exchange behind it).
        for (int i = 0; i < 50 && body.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(body.get()).as("the body, after its end arrived").isNull();
        assertThat(demand.cancelled).as("read to its end: the connection is kept").isFalse();
    }

    /** A body read to [DONE], then left to drop the rest: more bytes, then the end. */
    private static WeakReference<IdleTimeoutBody> answeredThenEnded(Demand demand, Duration bound) throws IOException {
        IdleTimeoutBody body = new IdleTimeoutBody(IDLE);
        body.onSubscribe(demand);
        body.onNext(bytes("data: [DONE]\n\n"));
        assertThat(body.stream().readNBytes(14)).asString(StandardCharsets.UTF_8).isEqualTo("data: [DONE]\n\n");
        body.discardRest(bound);
        long asked = demand.requested.get();
        body.onNext(bytes("0\r\n"));
        assertThat(demand.requested.get()).as("what arrives is dropped, and more asked for").isEqualTo(asked + 1);
        body.onComplete();
        return new WeakReference<>(body);
    }

    @Test
    void aDiscardedBodyWhoseEndDoesNotComeIsCancelledAfterTheBound() throws Exception {
        IdleTimeoutBody body = new IdleTimeoutBody(IDLE);
        Demand demand = new Demand();
        body.onSubscribe(demand);
        body.discardRest(Duration.ofMillis(200));
        body.onNext(bytes("more, but no end"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!demand.cancelled.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(demand.cancelled).as("the download cancelled once the bound ran out").isTrue();
    }
}
