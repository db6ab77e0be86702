package dev.stratus.ai;

import dev.stratus.ai.provider.LocalServer;
import dev.stratus.ai.provider.LocalServerDetector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Looks for model servers on this machine while no model is configured, in the background and
 * never on a request's path: at once, then {@code every} (a minute) after each look ends. What
 * the last look found is what {@code ai/status} shows. The assistant starts one only when
 * nothing is configured; configuring a model activates it anew, without one.
 */
final class LocalServerWatch implements Supplier<List<LocalServer>>, AutoCloseable {
    /** How long after one look the next begins. */
    static final Duration EVERY = Duration.ofMinutes(1);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("ai-local-servers").factory());
    private final LocalServerDetector detector;
    private volatile List<LocalServer> found = List.of();

    LocalServerWatch(LocalServerDetector detector, Duration every) {
        this.detector = detector;
        timer.scheduleWithFixedDelay(() -> found = detector.detect(), 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What the last look found; none before the first ends. */
    @Override
    public List<LocalServer> get() {
        return found;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        detector.close();
    }
}
