package dev.stratus.ai.continuity;

import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.Tier;
import java.time.Duration;
import java.time.Instant;

/**
 * One step of a call's route: a provider call, or a candidate passed over.
 *
 * @param deployment the deployment's name
 * @param model the model name it serves
 * @param tier the tier it served as
 * @param primaryTier whether that was the router's chosen tier
 * @param outcome what happened
 * @param started when the step was taken
 * @param latency how long the provider call took (zero for a skip)
 * @param timeToFirstToken until the first text or tool-call output, or null when there was none
 * @param deliveredChars text characters handed to the sink (void unless the outcome is
 *     {@link Outcome#ANSWERED})
 * @param retryAfter the wait the provider asked for, or null
 * @param coolingUntil the deployment's cooldown after this step, or null
 * @param note why the next step was taken, for people: "retried after 310 ms", "error: ..."
 */
public record Attempt(String deployment, String model, Tier tier, boolean primaryTier, Outcome outcome, Instant started,
                      Duration latency, Duration timeToFirstToken, int deliveredChars, Duration retryAfter,
                      Instant coolingUntil, String note) {

    /** What one step came to. */
    public enum Outcome {
        ANSWERED("answered"),
        RATE_LIMITED("rate limited"),
        OVERLOADED("overloaded"),
        SERVER_ERROR("server error"),
        TIMEOUT("timed out"),
        UNREACHABLE(CooldownText.REFUSING),
        STREAM_CUT("answer cut off"),
        CONTEXT_OVERFLOW("request too large for its context"),
        AUTH("authentication failed"),
        QUOTA_EXHAUSTED("out of quota at the provider"),
        BAD_REQUEST("rejected the request"),
        /** The provider client failed in a way it did not classify (a bug in it). */
        CLIENT_FAILURE("client failure"),
        SKIPPED_COOLING_DOWN("cooling down"),
        SKIPPED_CONTEXT_TOO_SMALL("context too small");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        /** A few words for people. */
        public String text() {
            return text;
        }

        static Outcome of(ProviderException.Kind kind) {
            return switch (kind) {
                case RATE_LIMITED -> RATE_LIMITED;
                case OVERLOADED -> OVERLOADED;
                case SERVER_ERROR -> SERVER_ERROR;
                case TIMEOUT -> TIMEOUT;
                case UNREACHABLE -> UNREACHABLE;
                case STREAM_CUT -> STREAM_CUT;
                case CONTEXT_OVERFLOW -> CONTEXT_OVERFLOW;
                case AUTH -> AUTH;
                case QUOTA_EXHAUSTED -> QUOTA_EXHAUSTED;
                case BAD_REQUEST -> BAD_REQUEST;
            };
        }
    }

    /** Whether the deployment was actually called in this step. */
    public boolean called() {
        return outcome != Outcome.SKIPPED_COOLING_DOWN && outcome != Outcome.SKIPPED_CONTEXT_TOO_SMALL;
    }
}
