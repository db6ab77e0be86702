package dev.stratus.ai.continuity;

import java.util.random.RandomGenerator;

/** Always the same draw: 0 is the shortest jitter, just under 1 the longest. */
record FixedRandom(double value) implements RandomGenerator {
    @Override
    public long nextLong() {
        return (long) (value * Long.MAX_VALUE);
    }

    @Override
    public double nextDouble() {
        return value;
    }
}
