package dev.stratus.ai.continuity;

/** Told about cooldowns starting and ending; called on the thread that caused the change. */
@FunctionalInterface
public interface CooldownListener {
    void on(CooldownEvent event);
}
