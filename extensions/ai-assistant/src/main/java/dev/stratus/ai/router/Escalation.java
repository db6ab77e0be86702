package dev.stratus.ai.router;

import dev.stratus.ai.model.Tier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The escalation state of one request: which tiers were tried and which were escalated from. When
 * an answer fails an objective check, {@link #next} gives the tier one up, at most once per tier, so
 * a request goes small, medium, large at most and never loops. Pass it in each {@link RouteRequest}
 * of the same request: the router routes at or above {@link #floor()} and records the tier it chose.
 *
 * <p>One request's flow uses it from one thread at a time; it is not thread-safe.
 */
public final class Escalation {
    /** Why an answer is sent one tier up. */
    public enum Reason {
        /** The proposed edit did not apply to the buffer. */
        EDIT_DID_NOT_APPLY("edit did not apply"),
        /** Diagnostics got worse after the edit. */
        DIAGNOSTICS_WORSE("diagnostics got worse"),
        /** The deployment said the request did not fit its context. */
        CONTEXT_OVERFLOW("context overflow");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private final Set<Tier> tried = EnumSet.noneOf(Tier.class);
    private final Set<Tier> escalatedFrom = EnumSet.noneOf(Tier.class);
    private final List<String> reasons = new ArrayList<>();
    private Tier floor;

    /** Records that {@code tier} was routed to. */
    public void tried(Tier tier) {
        tried.add(tier);
    }

    /**
     * The tier above {@code from} after an answer failed for {@code reason}; empty when {@code from}
     * is the largest tier or this request already escalated from it (the refusal is recorded too).
     */
    public Optional<Tier> next(Tier from, Reason reason) {
        return next(from, reason, EnumSet.allOf(Tier.class));
    }

    /**
     * As {@link #next(Tier, Reason)}, and empty too when none of {@code configured} (the tiers that
     * have a deployment) is above {@code from}: there is no larger model to ask, and saying the
     * request goes up would only end in a refusal for want of a deployment. The tier given is the
     * one above {@code from} all the same; the router falls back from it when it has no deployment.
     */
    public Optional<Tier> next(Tier from, Reason reason, Set<Tier> configured) {
        tried.add(from);
        Optional<Tier> up = from.up();
        if (up.isEmpty()) {
            reasons.add("no escalation from " + from.id() + " (" + reason + "): it is the largest tier");
            return Optional.empty();
        }
        if (configured.stream().noneMatch(t -> t.compareTo(from) > 0)) {
            reasons.add("no escalation from " + from.id() + " (" + reason + "): no larger tier has a deployment configured");
            return Optional.empty();
        }
        if (!escalatedFrom.add(from)) {
            reasons.add("no escalation from " + from.id() + " (" + reason + "): already escalated from it once");
            return Optional.empty();
        }
        reasons.add("escalated " + from.id() + " -> " + up.get().id() + ": " + reason);
        if (floor == null || up.get().compareTo(floor) > 0) {
            floor = up.get();
        }
        return up;
    }

    /** The lowest tier this request may use now, empty before any escalation. */
    public Optional<Tier> floor() {
        return Optional.ofNullable(floor);
    }

    /** Tiers routed to or escalated from so far. */
    public Set<Tier> triedTiers() {
        return Set.copyOf(tried);
    }

    /** What happened, in order ({@code "escalated small -> medium: edit did not apply"}). */
    public List<String> reasons() {
        return List.copyOf(reasons);
    }
}
