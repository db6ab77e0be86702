package dev.stratus.server.lsp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * When to restart a crashed language server: after a back-off that starts at
 * {@link LspConfig#restartDelay()} and doubles with every crash inside
 * {@link LspConfig#crashWindow()}, capped at {@link LspConfig#maxRestartDelay()}; never once
 * {@link LspConfig#maxCrashes()} crashes fall inside the window (until {@link #reset()}).
 */
final class RestartPolicy {
    private final LspConfig config;
    private final LongSupplier nanoClock;
    private final Deque<Long> crashes = new ArrayDeque<>();

    RestartPolicy(LspConfig config, LongSupplier nanoClock) {
        this.config = config;
        this.nanoClock = nanoClock;
    }

    /** Records a crash; the delay before the next start, or empty when the server should stay crashed. */
    Optional<Duration> crashed() {
        long now = nanoClock.getAsLong();
        crashes.addLast(now);
        while (!crashes.isEmpty() && now - crashes.peekFirst() > config.crashWindow().toNanos()) {
            crashes.removeFirst();
        }
        int n = crashes.size();
        if (n >= config.maxCrashes()) {
            return Optional.empty();
        }
        long delay = config.restartDelay().toNanos();
        long cap = config.maxRestartDelay().toNanos();
        for (int i = 1; i < n && delay < cap; i++) {
            delay = Math.min(cap, delay * 2);
        }
        return Optional.of(Duration.ofNanos(Math.min(delay, cap)));
    }

    /** Forgets earlier crashes (a client asked for the server again). */
    void reset() {
        crashes.clear();
    }

    /** Crashes inside the window, as of the last {@link #crashed()}. */
    int recentCrashes() {
        return crashes.size();
    }
}
