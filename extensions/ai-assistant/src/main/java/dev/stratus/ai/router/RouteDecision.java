package dev.stratus.ai.router;

import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.Tier;
import java.util.List;
import java.util.Optional;

/**
 * Where a request goes, and why.
 *
 * @param requested the tier the task or scorer chose, raised to any escalation floor: {@code tier} before any fallback
 * @param tier the tier routed to (after any fallback)
 * @param candidates every deployment that passed the filters, in the order to try them: the routed
 *     tier's in configured order, then the other tiers' in fallback order; after all of those, the
 *     deployments cooling down that recover within the wait a request allows
 *     ({@link Cooldowns#recoversSoon}), in the same order, for continuity to wait for when no other
 *     answers. Continuity walks it; a change of {@link Deployment#tier()} along it is a tier
 *     fallback to show the user
 * @param reasons how the tier was chosen, each escalation, each deployment filtered out or kept
 *     on an assumption, and any fallback, in that order
 * @param fallback whether {@code tier} differs from the tier the task or scorer chose because no
 *     deployment of that tier passed the filters, or none could answer without waiting
 * @param chatScore the scorer's verdict for chat, null when the task fixed the tier
 * @param unservable with no candidates, why no deployment could take the request however long it
 *     waited; null when there are candidates, or when one that is cooling down could take it later
 * @param skipped every deployment that cannot answer now, in fallback order, with why in words:
 *     ruled out, or cooling down (those that recover soon are candidates all the same)
 */
public record RouteDecision(Tier requested, Tier tier, List<Deployment> candidates, List<String> reasons, boolean fallback, ChatScore chatScore,
                            Unservable unservable, List<Skipped> skipped) {
    /**
     * A deployment that cannot answer now.
     *
     * @param why for people: what it lacks ({@code no tool support}), or its cooldown
     *     ({@link Cooldowns#describe})
     * @param coolingUntil when its cooldown ends; null when it is ruled out instead
     * @param passedOver whether it belongs to a tier the route fell back from
     */
    public record Skipped(Deployment deployment, String why, java.time.Instant coolingUntil, boolean passedOver) {
    }

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
        skipped = List.copyOf(skipped);
    }

    /** The skipped deployments of the tiers the route fell back from; empty without a fallback. */
    public List<Skipped> passedOver() {
        return skipped.stream().filter(Skipped::passedOver).toList();
    }

    /**
     * The tiers the route fell back from, nearest first, that have no deployment configured; empty
     * without a fallback.
     */
    public List<Tier> unconfiguredPassedOver() {
        if (!fallback) {
            return List.of();
        }
        List<Tier> order = Router.fallbackOrder(requested, null);
        return order.subList(0, order.indexOf(tier)).stream()
                .filter(t -> skipped.stream().noneMatch(s -> s.deployment().tier() == t)).toList();
    }

    /** The deployment to call first; empty when every deployment was filtered out. */
    public Optional<Deployment> deployment() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.getFirst());
    }
}
