package dev.stratus.ai.engine;

import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.model.Deployment;
import java.time.Duration;
import java.time.Instant;

/**
 * What the router reads of continuity's {@link Cooldowns}: who is cooling down and until when,
 * who recovers within the wait a request allows, and who was found to serve no text completions.
 */
final class RouteCooldowns implements dev.stratus.ai.router.Cooldowns {
    private final Cooldowns cooldowns;
    private final Duration recoveryWaitMax;

    RouteCooldowns(Cooldowns cooldowns, Duration recoveryWaitMax) {
        this.cooldowns = cooldowns;
        this.recoveryWaitMax = recoveryWaitMax;
    }

    @Override
    public boolean coolingDown(String deployment) {
        return cooldowns.coolingDown(deployment);
    }

    @Override
    public Instant until(String deployment) {
        return cooldowns.until(deployment).orElse(null);
    }

    @Override
    public String describe(Deployment deployment) {
        return cooldowns.describe(deployment).orElse("not cooling down");
    }

    @Override
    public String completionsUnserved(String deployment) {
        return cooldowns.completionsUnserved(deployment).orElse(null);
    }

    @Override
    public boolean recoversSoon(String deployment) {
        return !cooldowns.outOfQuota(deployment)
                && cooldowns.remaining(deployment).map(left -> left.compareTo(recoveryWaitMax) <= 0).orElse(false);
    }
}
