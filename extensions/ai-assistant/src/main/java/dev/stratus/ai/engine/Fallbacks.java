package dev.stratus.ai.engine;

import dev.stratus.ai.continuity.Attempt;
import dev.stratus.ai.continuity.CallTrace;
import dev.stratus.ai.continuity.ContinuityEvent;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.router.RouteDecision;
import java.util.ArrayList;
import java.util.List;

/** The deployments a run left on its way, with why, as its answer and its audit record list them. */
final class Fallbacks {
    private Fallbacks() {
    }

    /**
     * The deployments of the tiers the route fell back from that are cooling down: the reason the
     * tier changed, though none of them was called.
     */
    static List<RunResult.Fallback> passedOver(RouteDecision decision) {
        return decision.passedOver().stream().filter(s -> s.coolingUntil() != null)
                .map(s -> new RunResult.Fallback(s.deployment().name(), "cooling down (" + s.why() + ")")).toList();
    }

    /** {@code fallbacks} and each attempt of {@code trace} that called a deployment and got no answer. */
    static List<RunResult.Fallback> tried(List<RunResult.Fallback> fallbacks, CallTrace trace) {
        List<RunResult.Fallback> all = new ArrayList<>(fallbacks);
        for (Attempt a : trace.attempts()) {
            if (a.outcome() != Attempt.Outcome.ANSWERED && a.called()) {
                all.add(new RunResult.Fallback(a.deployment(), a.outcome().text()));
            }
        }
        return all;
    }

    /** {@code fallbacks} and the deployment whose answer broke off, ending the run. */
    static List<RunResult.Fallback> cutOff(List<RunResult.Fallback> fallbacks, ContinuityEvent.Restart cut) {
        List<RunResult.Fallback> all = new ArrayList<>(fallbacks);
        all.add(new RunResult.Fallback(cut.from(), "cut off after " + cut.discardedChars() + " characters"));
        return all;
    }

    /** The candidate of {@code decision} named {@code name}, or null. */
    static Deployment candidate(RouteDecision decision, String name) {
        return decision.candidates().stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
    }
}
