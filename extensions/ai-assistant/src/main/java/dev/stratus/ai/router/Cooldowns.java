package dev.stratus.ai.router;

import java.time.Instant;

/**
 * Which deployments are cooling down after 429s, 5xx or timeouts. Continuity implements it; the
 * router only reads it. Implementations are thread-safe and answer without blocking.
 */
public interface Cooldowns {
    /** Nothing is cooling down. */
    Cooldowns NONE = new Cooldowns() {
        @Override
        public boolean coolingDown(String deployment) {
            return false;
        }

        @Override
        public Instant until(String deployment) {
            return null;
        }
    };

    /** Whether {@code deployment} (by name) must not be called now. */
    boolean coolingDown(String deployment);

    /** When {@code deployment}'s cooldown ends, or null when it is not cooling down. */
    Instant until(String deployment);
}
