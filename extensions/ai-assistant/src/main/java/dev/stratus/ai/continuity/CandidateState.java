package dev.stratus.ai.continuity;

import dev.stratus.ai.model.Tier;
import java.time.Instant;

/**
 * Where one candidate stood when a call gave up.
 *
 * @param deployment the deployment's name
 * @param tier the tier it was a candidate of
 * @param state why it did not answer
 * @param coolingUntil for {@link State#COOLING_DOWN}: until when; otherwise null
 * @param detail more for people (the last failure's message, the reason of the cooldown)
 */
public record CandidateState(String deployment, Tier tier, State state, Instant coolingUntil, String detail) {

    /** Why a candidate did not answer. */
    public enum State {
        COOLING_DOWN,
        AUTH_FAILED,
        REJECTED_REQUEST,
        CONTEXT_TOO_SMALL,
        CLIENT_FAILURE,
        /** It could have been called, but the call's attempt budget ran out first. */
        NOT_TRIED
    }

    @Override
    public String toString() {
        String s = deployment + " (" + tier.id() + "): " + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        if (coolingUntil != null) {
            s += " until " + coolingUntil;
        }
        return detail == null || detail.isEmpty() ? s : s + " (" + detail + ")";
    }
}
