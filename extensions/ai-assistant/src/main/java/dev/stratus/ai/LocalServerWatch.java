package dev.stratus.ai;

import dev.stratus.ai.provider.LocalServer;
import dev.stratus.ai.provider.LocalServerDetector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Looks for model servers on this machine while no model is configured, in the background and
 * never on a request's path: at once, then {@code every} (a minute) after each look ends. What
 * the last look found is what {@code ai/status} shows. Until the first look ends, asking waits
 * for it (at most {@link #FIRST_LOOK}): a panel opened just after start would otherwise show
 * nothing found, and not ask again. The assistant starts one only when nothing is configured;
 * configuring a model activates it anew, without one.
 */
final class LocalServerWatch implements Supplier<List<LocalServer>>, AutoCloseable {
    /** How long after one look the next begins. */
    static final Duration EVERY = Duration.ofMinutes(1);
    /** The longest {@link #get} waits for the first look: more than a look takes (its addresses asked at once, each bounded). */
    static final Duration FIRST_LOOK = Duration.ofMillis(2500);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("ai-local-servers").factory());
    private final LocalServerDetector detector;
    private final CountDownLatch firstLook = new CountDownLatch(1);
    private volatile List<LocalServer> found = List.of();

    LocalServerWatch(LocalServerDetector detector, Duration every) {
        this.detector = detector;
        timer.scheduleWithFixedDelay(this::look, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void look() {
        try {
            found = detector.detect();
        } catch (RuntimeException e) {
            // what the last look found stands; a failure must not end the looking (the executor would drop the task)
        } finally {
            firstLook.countDown();
        }
    }

    /** What the last look found; waits for the first look to end, at most {@link #FIRST_LOOK}. */
    @Override
    public List<LocalServer> get() {
        try {
            firstLook.await(FIRST_LOOK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return found;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        detector.close();
    }
}
