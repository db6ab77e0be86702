package dev.stratus.ai.router;

import dev.stratus.ai.model.Deployment;
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

    /**
     * {@code deployment}'s cooldown for people, say {@code rate limited, available again in 12 s};
     * by default when it ends, to the second.
     */
    default String describe(Deployment deployment) {
        Instant until = until(deployment.name());
        return until == null ? "not cooling down" : "until " + until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /**
     * Whether a request may wait for {@code deployment}: its cooldown ends within the wait a
     * request allows. Such a deployment stays a candidate, after those ready now. False by default.
     */
    default boolean recoversSoon(String deployment) {
        return false;
    }

    /**
     * Why {@code deployment} (by name) is not to be sent text completions, when its server was
     * found to serve none; null when it was not. Null by default.
     */
    default String completionsUnserved(String deployment) {
        return null;
    }
}
