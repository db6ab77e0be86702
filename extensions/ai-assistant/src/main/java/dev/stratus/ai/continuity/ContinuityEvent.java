package dev.stratus.ai.continuity;

import dev.stratus.ai.model.StreamEvent;

/**
 * What a {@link ResilientChat} call hands its sink, in order: the answer's stream events, tagged
 * with the deployment they come from, interleaved with notices about the route and, when an
 * answer broke off, a {@link Restart}.
 */
public sealed interface ContinuityEvent {

    /** A stream event of the answer being delivered, from {@code deployment}. */
    record Output(String deployment, StreamEvent event) implements ContinuityEvent {
    }

    /**
     * Something the user should see about how the answer is being obtained.
     *
     * @param kind what happened
     * @param message one sentence for the user, naming deployments but nothing secret
     */
    record Notice(Kind kind, String message) implements ContinuityEvent {
        /** What happened. */
        public enum Kind {
            /**
             * No deployment of the chosen tier could answer and a neighbouring tier's is tried; or,
             * after such a notice, the deployment it named failed too and another is tried.
             */
            TIER_FALLBACK,
            /** The request did not fit a deployment's context; one with a larger context is tried. */
            LARGER_CONTEXT,
            /** Every candidate is cooling down; the call waits for the first to recover. */
            WAITING,
            /** An answer broke off after output was delivered; it is discarded and started again. */
            RESTART
        }
    }

    /**
     * Every {@link Output} since the previous {@code Restart} (or since the call began) is void:
     * the answer from {@code from} broke off after {@code discardedChars} characters of text, and
     * the answer starts again, from scratch, on {@code to}. Always preceded by a
     * {@link Notice.Kind#RESTART} notice.
     */
    record Restart(int discardedChars, String from, String to) implements ContinuityEvent {
    }
}
