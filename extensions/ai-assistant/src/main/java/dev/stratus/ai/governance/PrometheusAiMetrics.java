package dev.stratus.ai.governance;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AiMetrics} kept in memory by Micrometer's Prometheus registry and rendered in the
 * Prometheus text exposition format ({@code # HELP}, {@code # TYPE}, counters as {@code _total},
 * durations as {@code _seconds} histograms with fixed buckets from 50 ms to 2 minutes).
 */
public final class PrometheusAiMetrics implements AiMetrics {
    private static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};
    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("stratus.ai.requests", "Model calls by tier, deployment and outcome"),
            Map.entry("stratus.ai.request.duration", "Time from sending a model call to its last byte"),
            Map.entry("stratus.ai.tokens", "Tokens used by model calls, by kind (prompt or completion)"),
            Map.entry("stratus.ai.time.to.first.token", "Time from sending a model call to its first streamed token"),
            Map.entry("stratus.ai.fallbacks", "Calls moved from one deployment to another"),
            Map.entry("stratus.ai.cooldowns", "Deployments put in cooldown"),
            Map.entry("stratus.ai.route.decisions", "Tiers chosen by the router"),
            Map.entry("stratus.ai.budget.refusals", "Requests refused by a token budget"),
            Map.entry("stratus.ai.rate.limited", "Requests refused by the per-user rate limit"),
            Map.entry("stratus.ai.redaction.blocked", "Requests blocked because redaction could not finish"));
    private final PrometheusMeterRegistry registry;
    /**
     * Meters by name and tags, registered once: building and registering one on every request
     * (sorting its tags, looking up its id) cost more than the request's other bookkeeping.
     */
    private final ConcurrentHashMap<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, Timer> timers = new ConcurrentHashMap<>();

    public PrometheusAiMetrics() {
        this(Clock.SYSTEM);
    }

    public PrometheusAiMetrics(Clock clock) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
    }

    @Override
    public void count(String name, long amount, String... tags) {
        try {
            String[] t = clean(tags);
            counters.computeIfAbsent(key(name, t), k -> Counter.builder(name).description(help(name)).tags(t).register(registry))
                    .increment(amount);
        } catch (RuntimeException ignored) {
            // A meter must never fail a request (a tag key set that differs from the name's first use lands here).
        }
    }

    @Override
    public void time(String name, Duration duration, String... tags) {
        try {
            String[] t = clean(tags);
            timers.computeIfAbsent(key(name, t), k -> Timer.builder(name).description(help(name)).tags(t)
                    .serviceLevelObjectives(BUCKETS).register(registry)).record(duration);
        } catch (RuntimeException ignored) {
            // As above.
        }
    }

    /** Every meter in the Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** {@code name} and its (cleaned) tags, as a map key. */
    private static List<String> key(String name, String[] tags) {
        String[] key = new String[tags.length + 1];
        key[0] = name;
        System.arraycopy(tags, 0, key, 1, tags.length);
        return Arrays.asList(key);
    }

    private static String help(String name) {
        return HELP.getOrDefault(name, "AI assistant meter " + name);
    }

    private static String[] clean(String[] tags) {
        if (tags.length % 2 != 0) {
            throw new IllegalArgumentException("tags come in key/value pairs");
        }
        String[] copy = tags.clone();
        for (int i = 1; i < copy.length; i += 2) {
            copy[i] = copy[i] == null ? "none" : copy[i];
        }
        return copy;
    }
}
