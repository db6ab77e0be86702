package dev.stratus.ai.continuity;

import dev.stratus.ai.continuity.ContinuityEvent.Notice;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The route one call took, for the UI ("answered by medium/qwen after small/llama was rate
 * limited"), metrics and the audit record.
 *
 * @param attempts every step in order: provider calls and candidates passed over
 * @param notices the notices the sink was given
 * @param waited how long the call waited for a cooling-down deployment to recover (in-place
 *     retry pauses not included)
 */
public record CallTrace(List<Attempt> attempts, List<Notice> notices, Duration waited) {
    public CallTrace {
        attempts = List.copyOf(attempts);
        notices = List.copyOf(notices);
    }

    /** The step that produced the answer, if one did. */
    public Optional<Attempt> answered() {
        return attempts.stream().filter(a -> a.outcome() == Attempt.Outcome.ANSWERED).findFirst();
    }

    /** Whether output was discarded and the answer started again elsewhere. */
    public boolean continued() {
        return notices.stream().anyMatch(n -> n.kind() == Notice.Kind.RESTART);
    }

    /** Whether a neighbouring tier answered. */
    public boolean crossedTier() {
        return answered().map(a -> !a.primaryTier()).orElse(false);
    }

    /** Provider calls made, failed ones included. */
    public long calls() {
        return attempts.stream().filter(Attempt::called).count();
    }

    /** One line per step: {@code small/a (model): rate limited, retry-after PT20S, cooling until ...}. */
    public String summary() {
        return attempts.stream().map(CallTrace::line).collect(Collectors.joining("\n"));
    }

    private static String line(Attempt a) {
        StringBuilder b = new StringBuilder()
                .append(a.tier().id()).append('/').append(a.deployment()).append(" (").append(a.model()).append("): ")
                .append(a.outcome().text());
        if (a.called()) {
            b.append(" in ").append(a.latency().toMillis()).append(" ms");
        }
        if (a.retryAfter() != null) {
            b.append(", retry-after ").append(a.retryAfter().toMillis()).append(" ms");
        }
        if (a.coolingUntil() != null) {
            b.append(", cooling down until ").append(a.coolingUntil());
        }
        if (a.note() != null && !a.note().isEmpty()) {
            b.append("; ").append(a.note());
        }
        return b.toString();
    }
}
