package dev.stratus.ai.continuity;

import java.util.List;
import java.util.stream.Collectors;

/**
 * No candidate could answer: each failed for good, or they are all cooling down past the wait
 * the call allows. The message lists every candidate's state; it holds no key or request text.
 */
public class ChatUnavailableException extends RuntimeException {
    private final transient List<CandidateState> candidates;
    private final transient CallTrace trace;

    public ChatUnavailableException(String why, List<CandidateState> candidates, CallTrace trace) {
        super(why + ": " + candidates.stream().map(CandidateState::toString).collect(Collectors.joining("; ")),
                null, false, false);
        this.candidates = List.copyOf(candidates);
        this.trace = trace;
    }

    /** Every candidate, in the router's order, and why it did not answer. */
    public List<CandidateState> candidates() {
        return candidates;
    }

    /** The route tried. */
    public CallTrace trace() {
        return trace;
    }
}
