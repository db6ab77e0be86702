package dev.stratus.ai.continuity;

import dev.stratus.ai.model.ChatResult;

/**
 * A call's answer and how it was obtained.
 *
 * @param result the complete answer, from {@code answeredBy} alone: text of broken-off attempts
 *     is never part of it
 * @param answeredBy the candidate that answered
 * @param continued whether an earlier attempt's output was discarded (the sink got a
 *     {@link ContinuityEvent.Restart}) and this answer replaced it
 * @param trace the route taken
 */
public record Answer(ChatResult result, Candidate answeredBy, boolean continued, CallTrace trace) {
}
