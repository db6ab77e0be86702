package dev.stratus.ai.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what a background thread does: a condition polled every 20 ms, for at most 10 s. */
public final class Eventually {
    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails the test when it does not within 10 s. */
    public static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
