package dev.stratus.ai.engine;

import dev.stratus.ai.continuity.CooldownText;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.router.RouteDecision;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A route's decision as the user hears of it: what matters in words (which deployment cannot
 * answer, why, and for how long), never the scorer's arithmetic or an instant to the nanosecond,
 * which stay in the route's reasons.
 */
final class RouteWords {
    private RouteWords() {
    }

    /**
     * Why no deployment can take a routed request: each one's state, and, when they are cooling
     * down past the wait a request allows, when the first is back (also the failure's Retry-After).
     */
    static AiFailure refusal(RouteDecision decision, Cooldowns cooldowns, Duration waitMax) {
        String states = states(decision.skipped());
        if (states.isEmpty()) {
            List<String> reasons = decision.reasons();
            return new AiFailure(AiFailure.UNAVAILABLE, "No model can take this request: "
                    + (reasons.isEmpty() ? "none is configured" : reasons.getLast()));
        }
        if (decision.unservable() != null) {
            return new AiFailure(AiFailure.UNAVAILABLE, "No model can take this request: " + states,
                    decision.unservable() == RouteDecision.Unservable.CONTEXT_TOO_SMALL ? AiFailure.CONTEXT_TOO_LARGE : AiFailure.REJECTED);
        }
        Duration first = decision.skipped().stream().map(s -> cooldowns.remaining(s.deployment().name()).orElse(null))
                .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
        return new AiFailure(AiFailure.UNAVAILABLE, "No model can answer within the " + CooldownText.approximately(waitMax)
                + " this request may wait" + (first == null ? "" : "; the first is available again in " + CooldownText.approximately(first))
                + ": " + states, null, first);
    }

    /**
     * Why the route left the tier the request was given, for the user: {@code Routed to the medium
     * tier: no small deployment can answer now (s-oa: cooling down, rate limited, available again in 12 s).}
     */
    static String fallbackNotice(RouteDecision decision) {
        java.util.Map<dev.stratus.ai.model.Tier, List<String>> byTier = new java.util.LinkedHashMap<>();
        for (RouteDecision.Skipped s : decision.passedOver()) {
            byTier.computeIfAbsent(s.deployment().tier(), t -> new java.util.ArrayList<>())
                    .add(s.deployment().name() + ": " + (s.coolingUntil() != null ? "cooling down, " : "") + s.why());
        }
        List<String> tiers = new java.util.ArrayList<>();
        for (dev.stratus.ai.model.Tier t : decision.unconfiguredPassedOver()) {
            tiers.add("no " + t.id() + " deployment is configured");
        }
        byTier.forEach((tier, why) -> tiers.add("no " + tier.id() + " deployment can answer now (" + String.join("; ", why) + ")"));
        return "Routed to the " + decision.tier().id() + " tier: " + (tiers.isEmpty() ? "fallback" : String.join("; ", tiers)) + ".";
    }

    /** {@code s-oa (small): rate limited, available again in 12 s; ...}, as continuity words a candidate's state. */
    private static String states(List<RouteDecision.Skipped> skipped) {
        return String.join("; ", skipped.stream()
                .map(s -> s.deployment().name() + " (" + s.deployment().tier().id() + "): " + s.why()).toList());
    }
}
