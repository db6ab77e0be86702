package dev.stratus.ai.continuity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when told to, and a sleeper that moves it instead of sleeping. */
public final class FakeTime implements java.time.InstantSource, Sleeper {
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final AtomicReference<Instant> now;
    /** Every sleep asked for, in order. */
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    FakeTime() {
        this(START);
    }

    public FakeTime(Instant start) {
        now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(duration);
        if (duration.isPositive()) {
            advance(duration);
        }
    }

    Duration slept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
