package dev.stratus.ai.router;

import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.Tier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which tier and deployments serve a request; never calls a model.
 *
 * <ol>
 *   <li>The task fixes the tier ({@link TierTable}); free-form chat is scored ({@link PromptScorer}).</li>
 *   <li>An {@link Escalation} raises it to its floor.</li>
 *   <li>If the user's budget is below the request's estimate, nothing is routed: no tier would help.</li>
 *   <li>The tier's deployments, in configured order, are filtered: the context window must hold input
 *       plus expected output (an unknown window is assumed to fit, and the reason says so); a request
 *       with tools skips deployments known not to support them and tries those of unknown support
 *       after the known ones (a probe fills the field in; until then a 400 from one of them is
 *       continuity's to handle); a deployment whose API lacks a sampling option the request set
 *       ({@link dev.stratus.ai.model.Sampling#unsupportedBy}) is skipped, and for a text completion one that
 *       does not serve them ({@link Deployment#servesCompletions}, or its server was found to serve none:
 *       {@link Cooldowns#completionsUnserved}); so is one cooling down, unless
 *       it recovers within the wait a request allows ({@link Cooldowns#recoversSoon}): such a one stays
 *       a candidate, after every deployment ready now, so that a request waits for it rather than fail.</li>
 *   <li>When none passes, the nearest tiers are tried, up first (a larger window, more capable), then
 *       down: from medium, large then small; from small, medium then large; from large, medium then
 *       small. Never below an escalation floor. The decision is marked as a fallback with the reason.</li>
 * </ol>
 *
 * <p>Immutable and thread-safe; build a new one when deployments change (a probe's results), it is cheap.
 */
public final class Router {
    private final TierTable table;
    private final PromptScorer scorer;
    private final Map<Tier, List<Deployment>> byTier = new EnumMap<>(Tier.class);

    /** @param deployments every configured deployment; order within a tier is the order to try them */
    public Router(RouterConfig config, List<Deployment> deployments) {
        this.table = TierTable.withOverrides(config.tiers());
        this.scorer = new PromptScorer(config.scorer());
        for (Tier t : Tier.values()) {
            byTier.put(t, new ArrayList<>());
        }
        for (Deployment d : deployments) {
            byTier.get(d.tier()).add(d);
        }
        byTier.replaceAll((t, list) -> List.copyOf(list));
    }

    /** Routes {@code request}; see the class comment for the steps. */
    public RouteDecision decide(RouteRequest request) {
        List<String> reasons = new ArrayList<>();
        ChatScore chat = null;
        Tier chosen;
        Optional<Tier> fixed = table.tierFor(request.task());
        if (fixed.isPresent()) {
            chosen = fixed.get();
            boolean configured = request.task().defaultTier().map(d -> d != fixed.get()).orElse(true);
            reasons.add("task " + request.task().id() + " -> " + chosen.id() + (configured ? " (configured)" : " (default)"));
        } else {
            if (request.features() == null) {
                throw new IllegalArgumentException("chat needs prompt features to be scored");
            }
            chat = scorer.score(request.features());
            chosen = chat.tier();
            reasons.addAll(chat.reasons());
        }

        Escalation escalation = request.escalation();
        Tier floor = null;
        if (escalation != null) {
            reasons.addAll(escalation.reasons());
            floor = escalation.floor().orElse(null);
            if (floor != null && floor.compareTo(chosen) > 0) {
                reasons.add("escalation floor " + floor.id() + " raises " + chosen.id());
                chosen = floor;
            }
        }

        if (request.remainingBudget() != null) {
            long left = request.remainingBudget().getAsLong();
            if (left < request.estimatedTokens()) {
                reasons.add("budget: " + left + " tokens left, the request needs about " + request.estimatedTokens()
                        + "; nothing routed");
                return new RouteDecision(chosen, chosen, List.of(), reasons, false, chat, null, List.of());
            }
        }

        List<Deployment> candidates = new ArrayList<>();
        List<Deployment> recovering = new ArrayList<>();
        List<RouteDecision.Skipped> skipped = new ArrayList<>();
        List<Tier> order = fallbackOrder(chosen, floor);
        Tier routed = null;
        Tier waitFor = null;
        for (Tier tier : order) {
            List<Deployment> soon = new ArrayList<>();
            List<Deployment> passed = filter(tier, request, reasons, skipped, soon);
            if (passed.isEmpty()) {
                reasons.add(byTier.get(tier).isEmpty() ? "no " + tier.id() + " deployment configured"
                        : "no " + tier.id() + " deployment passed the filters");
            } else if (routed == null) {
                routed = tier;
                if (tier != chosen) {
                    reasons.add("fallback " + chosen.id() + " -> " + tier.id());
                }
            }
            if (waitFor == null && !soon.isEmpty()) {
                waitFor = tier;
            }
            candidates.addAll(passed);
            recovering.addAll(soon);
        }
        if (routed == null && waitFor != null) {
            routed = waitFor;
            reasons.add("every deployment that can take it is cooling down; the first to recover answers"
                    + (waitFor != chosen ? " (fallback " + chosen.id() + " -> " + waitFor.id() + ")" : ""));
        }
        // Ready deployments are tried first; those recovering soon are waited for only when none of them answers.
        candidates.addAll(recovering);
        RouteDecision.Unservable unservable = null;
        if (routed == null) {
            skipped.stream().filter(x -> x.coolingUntil() != null).min(java.util.Comparator.comparing(RouteDecision.Skipped::coolingUntil))
                    .ifPresentOrElse(first -> reasons.add("no deployment available; the first back is " + first.deployment().name()
                                    + " (" + first.why() + ")"),
                            () -> reasons.add("no deployment available"));
            routed = chosen;
            unservable = unservable(request);
        }
        if (escalation != null) {
            escalation.tried(routed);
        }
        int routedAt = order.indexOf(routed);
        List<RouteDecision.Skipped> marked = skipped.stream().map(x -> new RouteDecision.Skipped(x.deployment(), x.why(),
                x.coolingUntil(), order.indexOf(x.deployment().tier()) < routedAt)).toList();
        return new RouteDecision(chosen, routed, candidates, reasons, routed != chosen, chat, unservable, marked);
    }

    /** The chosen tier, then the others nearest first, up before down, never below {@code floor}. */
    public static List<Tier> fallbackOrder(Tier chosen, Tier floor) {
        List<Tier> order = new ArrayList<>(3);
        order.add(chosen);
        Tier[] all = Tier.values();
        for (int distance = 1; distance < all.length; distance++) {
            int up = chosen.ordinal() + distance;
            int down = chosen.ordinal() - distance;
            if (up < all.length) {
                order.add(all[up]);
            }
            if (down >= 0 && (floor == null || down >= floor.ordinal())) {
                order.add(all[down]);
            }
        }
        return order;
    }

    /**
     * Why no deployment could take {@code request} however long it waited (what it lacks, not a
     * cooldown), or null when one could once it recovers.
     */
    private RouteDecision.Unservable unservable(RouteRequest request) {
        List<Deployment> all = byTier.values().stream().flatMap(List::stream).toList();
        boolean tooSmall = !all.isEmpty();
        for (Deployment d : all) {
            RuledOut why = ruledOut(d, request);
            if (why == null) {
                return null;
            }
            tooSmall &= why.context();
        }
        return tooSmall ? RouteDecision.Unservable.CONTEXT_TOO_SMALL : RouteDecision.Unservable.NOT_SUPPORTED;
    }

    /** Why a deployment can never take a request: its context ({@code context}), or something it lacks. */
    private record RuledOut(boolean context, String reason) {
    }

    /** Why {@code d} can never take {@code request}, or null when it can. */
    private static RuledOut ruledOut(Deployment d, RouteRequest request) {
        long needed = request.estimatedTokens();
        if (d.contextTokens() != null && d.contextTokens() < needed) {
            return new RuledOut(true, "context " + d.contextTokens() + " < " + needed + " needed");
        }
        if (request.needsTools() && Boolean.FALSE.equals(d.tools())) {
            return new RuledOut(false, "no tool support");
        }
        if (request.completion() && !d.servesCompletions()) {
            return new RuledOut(false, "no text completions (" + d.noCompletions() + ")");
        }
        String unserved = request.completion() ? request.cooldowns().completionsUnserved(d.name()) : null;
        if (unserved != null) {
            return new RuledOut(false, "no text completions (" + unserved + ")");
        }
        List<String> unsupported = request.sampling().unsupportedBy(d.provider());
        return unsupported.isEmpty() ? null
                : new RuledOut(false, "the " + d.provider().id() + " API takes no " + String.join(", ", unsupported));
    }

    /**
     * The deployments of {@code tier} that can take {@code request} now, in the order to try them;
     * those cooling down that recover soon go to {@code soon}, each one not ready to {@code skipped}.
     */
    private List<Deployment> filter(Tier tier, RouteRequest request, List<String> reasons, List<RouteDecision.Skipped> skipped,
                                    List<Deployment> soon) {
        List<Deployment> known = new ArrayList<>();
        List<Deployment> unknownTools = new ArrayList<>();
        for (Deployment d : byTier.get(tier)) {
            RuledOut ruledOut = ruledOut(d, request);
            if (ruledOut != null) {
                reasons.add(d.name() + " skipped: " + ruledOut.reason());
                skipped.add(new RouteDecision.Skipped(d, ruledOut.reason(), null, false));
                continue;
            }
            if (request.cooldowns().coolingDown(d.name())) {
                String why = request.cooldowns().describe(d);
                skipped.add(new RouteDecision.Skipped(d, why, request.cooldowns().until(d.name()), false));
                if (request.cooldowns().recoversSoon(d.name())) {
                    reasons.add(d.name() + ": cooling down (" + why + "), kept to wait for if no deployment ready now answers");
                    soon.add(d);
                } else {
                    reasons.add(d.name() + " skipped: cooling down (" + why + ")");
                }
                continue;
            }
            if (d.contextTokens() == null) {
                reasons.add(d.name() + ": context window unknown, assumed to fit");
            }
            if (request.needsTools() && d.tools() == null) {
                reasons.add(d.name() + ": tool support unknown, tried after deployments known to support tools");
                unknownTools.add(d);
            } else {
                known.add(d);
            }
        }
        known.addAll(unknownTools);
        return known;
    }
}
