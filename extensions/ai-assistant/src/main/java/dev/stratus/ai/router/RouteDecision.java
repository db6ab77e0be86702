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
 * @param unservable with no candidates, why no deployment could take the request however long it
 *     waited; null when there are candidates, or when one that is cooling down could take it later
 */
public record RouteDecision(Tier tier, List<Deployment> candidates, List<String> reasons, boolean fallback, ChatScore chatScore,
                            Unservable unservable) {
    /** Why no configured deployment can take a request as it is. */
    public enum Unservable {
        /** Every deployment's context is known and smaller than the request and its answer's bound. */
        CONTEXT_TOO_SMALL,
        /** Each deployment is ruled out by what it lacks (tool support, an option its API has not) or its context. */
        NOT_SUPPORTED
    }

    public RouteDecision {
        candidates = List.copyOf(candidates);
        reasons = List.copyOf(reasons);
    }

    /** The deployment to call first; empty when every deployment was filtered out. */
    public Optional<Deployment> deployment() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.getFirst());
    }
}
