package dev.stratus.ai.continuity;

import java.time.Duration;
import java.time.Instant;

/**
 * A deployment's cooldown.
 *
 * @param deployment the deployment's name
 * @param reason the failure that started it
 * @param until when the deployment may be tried again
 * @param consecutiveFailures failures since its last success, this one included
 * @param retryAfter the wait the provider asked for, or null when the cooldown was computed
 */
public record Cooldown(String deployment, CooldownReason reason, Instant until, int consecutiveFailures,
                       Duration retryAfter) {
}
