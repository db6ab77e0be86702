package dev.stratus.ai.governance;

import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.Usage;
import java.time.Duration;

/**
 * Meters of the AI layer. Names are dotted ({@code stratus.ai.requests}); a Prometheus rendering
 * turns them into {@code stratus_ai_requests_total} and {@code stratus_ai_request_duration_seconds}.
 * Tags are key/value pairs; a name keeps the same tag keys everywhere it is used. Implementations
 * never throw: a meter must not fail a request.
 */
public interface AiMetrics {
    /** Does nothing. */
    AiMetrics NOOP = new AiMetrics() {
        @Override
        public void count(String name, long amount, String... tags) {
        }

        @Override
        public void time(String name, Duration duration, String... tags) {
        }
    };

    /** Adds {@code amount} to a counter. {@code tags}: key, value, key, value, … */
    void count(String name, long amount, String... tags);

    /** Records a duration in a histogram. {@code tags}: key, value, key, value, … */
    void time(String name, Duration duration, String... tags);

    /**
     * A finished provider call, answered or not: {@code outcome} is {@code ok}, {@code error:<kind>}
     * ({@code error:rate-limited}, {@code error:server-error}, {@code error:timeout},
     * {@code error:stream-cut}, {@code error:aborted}, ...) or {@code refused:<reason>};
     * {@code latency} null when not known (its duration is then not recorded).
     */
    default void request(Tier tier, String deployment, String outcome, Duration latency) {
        count("stratus.ai.requests", 1, "tier", id(tier), "deployment", deployment, "outcome", outcome);
        if (latency != null) {
            time("stratus.ai.request.duration", latency, "tier", id(tier), "deployment", deployment);
        }
    }

    /** Tokens a call used. */
    default void tokens(Tier tier, String deployment, Usage usage) {
        count("stratus.ai.tokens", usage.promptTokens(), "tier", id(tier), "deployment", deployment, "kind", "prompt");
        count("stratus.ai.tokens", usage.completionTokens(), "tier", id(tier), "deployment", deployment, "kind", "completion");
    }

    /** The wait from sending a request to the first streamed token. */
    default void timeToFirstToken(Tier tier, String deployment, Duration wait) {
        time("stratus.ai.time.to.first.token", wait, "tier", id(tier), "deployment", deployment);
    }

    /** A call moved on from one deployment to another. */
    default void fallback(String from, String to) {
        count("stratus.ai.fallbacks", 1, "from", from, "to", to);
    }

    /** A deployment was put in cooldown; {@code reason} such as {@code rate_limited} or {@code timeout}. */
    default void cooldown(String deployment, String reason) {
        count("stratus.ai.cooldowns", 1, "deployment", deployment, "reason", reason);
    }

    /** The router picked a tier; {@code reason} such as {@code action}, {@code scorer} or {@code escalation}. */
    default void routeDecision(Tier tier, String reason) {
        count("stratus.ai.route.decisions", 1, "tier", id(tier), "reason", reason);
    }

    /** A reservation did not fit a budget; {@code scope} is {@code user} or {@code team}. */
    default void budgetRefusal(String scope) {
        count("stratus.ai.budget.refusals", 1, "scope", scope);
    }

    /** A request refused by the per-user rate limit. */
    default void rateLimited() {
        count("stratus.ai.rate.limited", 1);
    }

    /** A request blocked because redaction could not finish. */
    default void redactionBlocked() {
        count("stratus.ai.redaction.blocked", 1);
    }

    private static String id(Tier tier) {
        return tier == null ? "none" : tier.id();
    }
}
