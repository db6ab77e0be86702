package dev.stratus.ai.engine;

import dev.stratus.ai.continuity.Attempt;
import dev.stratus.ai.continuity.CallTrace;
import dev.stratus.ai.governance.AiMetrics;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.Usage;
import java.util.Locale;

/**
 * What one model call counts in the meters: every provider call it made, with its outcome
 * ({@code ok}, or {@code error:<kind>} such as {@code error:rate-limited}, {@code error:server-error},
 * {@code error:timeout}, {@code error:stream-cut}), and the tokens it was charged, whether or not
 * an answer came of it.
 */
final class CallMeters {
    private CallMeters() {
    }

    /** A call that answered: its failed attempts, the answering one, and the tokens charged to it. */
    static void answered(AiMetrics metrics, CallTrace trace, Usage charged) {
        attempts(metrics, trace);
        trace.answered().ifPresent(a -> {
            if (a.timeToFirstToken() != null) {
                metrics.timeToFirstToken(a.tier(), a.deployment(), a.timeToFirstToken());
            }
            metrics.tokens(a.tier(), a.deployment(), charged);
        });
    }

    /**
     * A call no deployment answered: each attempt, and what was charged for the output they
     * delivered, counted for the last deployment that delivered any.
     */
    static void unanswered(AiMetrics metrics, CallTrace trace, Usage charged) {
        attempts(metrics, trace);
        Attempt wrote = null;
        for (Attempt a : trace.attempts()) {
            if (a.called() && a.deliveredChars() > 0) {
                wrote = a;
            }
        }
        if (wrote != null && charged.total() > 0) {
            metrics.tokens(wrote.tier(), wrote.deployment(), charged);
        }
    }

    /**
     * A call that ended before its answer did, on this side (the client left, the run was
     * cancelled, a cut stream could not be restarted): {@code outcome} such as
     * {@code error:aborted}, with the tokens charged for it.
     *
     * @param deployment the deployment that was answering, or null when none had written yet
     */
    static void ended(AiMetrics metrics, Tier tier, String deployment, String outcome, Usage charged) {
        metrics.request(tier, deployment, outcome, null);
        if (charged.total() > 0) {
            metrics.tokens(tier, deployment, charged);
        }
    }

    private static void attempts(AiMetrics metrics, CallTrace trace) {
        for (Attempt a : trace.attempts()) {
            if (a.called()) {
                metrics.request(a.tier(), a.deployment(), outcome(a.outcome()), a.latency());
            }
        }
    }

    /** {@code ok}, or {@code error:} and the outcome's name in lower case with hyphens. */
    static String outcome(Attempt.Outcome outcome) {
        return outcome == Attempt.Outcome.ANSWERED ? "ok"
                : "error:" + outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
