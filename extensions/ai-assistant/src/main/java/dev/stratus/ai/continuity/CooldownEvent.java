package dev.stratus.ai.continuity;

/** What {@link Cooldowns} reports to its listeners (metrics, logs). */
public sealed interface CooldownEvent {

    /** The deployment this is about. */
    String deployment();

    /** A deployment started cooling down (again). */
    record Started(Cooldown cooldown) implements CooldownEvent {
        @Override
        public String deployment() {
            return cooldown.deployment();
        }
    }

    /**
     * A deployment's cooldown ended. An expiry is reported when it is first observed (a query or
     * a new call), not by a timer.
     */
    record Ended(String deployment, CooldownReason reason, How how) implements CooldownEvent {
        /** How it ended. */
        public enum How {
            /** Its time ran out. */
            EXPIRED,
            /** A call succeeded (possibly one started before the cooldown). */
            CLEARED_BY_SUCCESS,
            /** {@link Cooldowns#clear(String)}: e.g. its configuration changed. */
            CLEARED
        }
    }
}
