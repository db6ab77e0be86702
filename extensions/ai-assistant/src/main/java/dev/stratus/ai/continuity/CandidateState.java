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
 * @param detail more for people (the last failure's message; for a cooldown, its reason and when it
 *     ends, in words)
 */
public record CandidateState(String deployment, Tier tier, State state, Instant coolingUntil, String detail) {

    /** Why a candidate did not answer. */
    public enum State {
        COOLING_DOWN("unavailable for now"),
        AUTH_FAILED("authentication failed"),
        OUT_OF_QUOTA("out of quota at the provider"),
        REJECTED_REQUEST("rejected the request"),
        CONTEXT_TOO_SMALL("context too small for the request"),
        CLIENT_FAILURE("failed in the assistant's client"),
        /** It could have been called, but the call's attempt budget ran out first. */
        NOT_TRIED("not tried: the attempt limit was reached first");

        private final String text;

        State(String text) {
            this.text = text;
        }

        /** A few words for people. */
        public String text() {
            return text;
        }
    }

    /** For people: {@code local-small (small): rate limited, available again in 12 s}. */
    @Override
    public String toString() {
        String s = deployment + " (" + tier.id() + "): ";
        if (detail == null || detail.isEmpty()) {
            return s + state.text();
        }
        // A cooldown's detail says why and until when, in words; "unavailable for now" would add nothing.
        return state == State.COOLING_DOWN ? s + detail : s + state.text() + " (" + detail + ")";
    }
}
