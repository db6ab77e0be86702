package dev.stratus.ai.engine;

import dev.stratus.ai.continuity.Candidate;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.Escalation;
import dev.stratus.ai.router.RouteDecision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps each step of a run within the context of the deployment it goes to. The router checks
 * the fit when a run is admitted, but each step's tool results make the next step's request
 * longer, and some servers (Ollama's) cut a prompt longer than their context without a word:
 * so before a step is sent, the candidates whose context does not hold it are left behind, by
 * the router's own estimate (the prompt, the tools offered and the answer's bound; an unknown
 * context is assumed to hold it, as the router assumes). A step no candidate holds is not sent.
 * A deployment's context is the one it was found to serve when that is less than it reports.
 */
final class ContextFit {
    private ContextFit() {
    }

    /**
     * {@code d} with the context it was found to serve, when one of its refusals said less than
     * it reports: a request it cannot hold then goes elsewhere without being refused again.
     */
    static Deployment asServed(Deployment d, Cooldowns cooldowns) {
        return cooldowns.servedContext(d.name()).map(d::servingAtMost).orElse(d);
    }

    /**
     * The candidates whose context holds {@code needed} tokens, in their order; empty when none
     * does. Leaving behind those that would have been tried first is what an upstream's context
     * overflow does: the user hears of it in a {@code fallback} notice, each one left is a
     * fallback of the run and noted in {@code overflowed} (the run's escalation record). When the
     * router's tier has no candidate left, the first tier that has becomes the one the call
     * treats as chosen: the move was told here, not a tier's outage to be told again.
     */
    static List<Candidate> holding(List<Candidate> candidates, long needed, RunSink sink,
                                   List<RunResult.Fallback> fallbacks, List<String> overflowed) {
        List<Candidate> kept = candidates.stream().filter(c -> fits(c, needed)).toList();
        if (kept.isEmpty() || kept.size() == candidates.size()) {
            return kept;
        }
        List<Candidate> passed = candidates.subList(0, candidates.indexOf(kept.getFirst()));
        for (Candidate c : passed) {
            fallbacks.add(new RunResult.Fallback(c.name(), "context too small: " + c.deployment().contextTokens() + " < "
                    + needed + " needed"));
            overflowed.add(c.name());
        }
        if (!passed.isEmpty()) {
            sink.notice("fallback", "The next step does not fit the context of " + described(passed) + ": it needs about "
                    + needed + " tokens; continuing with " + kept.getFirst().name() + ", which has a larger context.", null);
        }
        if (kept.stream().anyMatch(Candidate::primaryTier)) {
            return kept;
        }
        List<Candidate> promoted = new ArrayList<>();
        for (Candidate c : kept) {
            promoted.add(c.tier() == kept.getFirst().tier() ? Candidate.primary(c.deployment()) : c);
        }
        return List.copyOf(promoted);
    }

    /** Why a step that no candidate holds ends the run, for the user. */
    static String tooLarge(List<Candidate> candidates, long needed) {
        String largest = candidates.stream().max(Comparator.comparingInt(c -> c.deployment().contextTokens()))
                .map(c -> " (the largest: " + c.name() + ", " + c.deployment().contextTokens() + " tokens)").orElse("");
        return "The answer stopped before its next step: the conversation and the tool results so far, with room for"
                + " the answer, need about " + needed + " tokens, more than the context of any model it may use holds"
                + largest + ". Nothing was cut to make it fit; ask about fewer or smaller files at a time.";
    }

    private static boolean fits(Candidate c, long needed) {
        Integer context = c.deployment().contextTokens();
        return context == null || context >= needed;
    }

    private static String described(List<Candidate> passed) {
        List<String> each = passed.stream().map(c -> c.name() + " (" + c.deployment().contextTokens() + " tokens)").toList();
        return String.join(", ", each);
    }

    /**
     * A request that did not fit a deployment's context and was answered by a larger tier went
     * one tier up for that reason: recorded as an escalation (in the request's escalation state,
     * so a tier is escalated from at most once), its lines for the route's reasons.
     */
    static List<String> escalations(Run run, RouteDecision decision, List<String> overflowed, Tier answeredTier) {
        if (overflowed.isEmpty()) {
            return List.of();
        }
        Escalation escalation = run.escalation() != null ? run.escalation() : new Escalation();
        int known = escalation.reasons().size();
        decision.candidates().stream().filter(d -> overflowed.contains(d.name())).map(Deployment::tier).distinct().sorted()
                .filter(t -> t.compareTo(answeredTier) < 0)
                .forEach(t -> escalation.next(t, Escalation.Reason.CONTEXT_OVERFLOW));
        return escalation.reasons().subList(known, escalation.reasons().size());
    }
}
