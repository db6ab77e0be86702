package dev.stratus.ai.continuity;

import java.time.Duration;

/** Waits; injectable so tests move a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    /** Blocks the calling thread, which is meant to be virtual. */
    Sleeper THREAD = Thread::sleep;

    /**
     * Waits for {@code duration} (zero or negative: returns at once).
     *
     * @throws InterruptedException when the caller cancelled: the wait ends early
     */
    void sleep(Duration duration) throws InterruptedException;
}
