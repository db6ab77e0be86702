package dev.stratus.ai.router;

import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.Tier;
import java.util.List;
import java.util.Optional;

/**
 * Where a request goes, and why.
 *
 * @param tier the tier routed to (after any fallback)
 * @param candidates every deployment that passed the filters, in the order to try them: the routed
 *     tier's in configured order, then the other tiers' in fallback order. Continuity walks it; a
 *     change of {@link Deployment#tier()} along it is a tier fallback to show the user
 * @param reasons how the tier was chosen, each escalation, each deployment filtered out or kept
 *     on an assumption, and any fallback, in that order
 * @param fallback whether {@code tier} differs from the tier the task or scorer chose because no
 *     deployment of that tier passed the filters
 * @param chatScore the scorer's verdict for chat, null when the task fixed the tier
 */
public record RouteDecision(Tier tier, List<Deployment> candidates, List<String> reasons, boolean fallback, ChatScore chatScore) {
    public RouteDecision {
        candidates = List.copyOf(candidates);
        reasons = List.copyOf(reasons);
    }

    /** The deployment to call first; empty when every deployment was filtered out. */
    public Optional<Deployment> deployment() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.getFirst());
    }
}
