package dev.stratus.ai;

import dev.stratus.ai.config.AiConfig;
import dev.stratus.ai.config.KeyFile;
import dev.stratus.ai.continuity.ContinuityConfig;
import dev.stratus.ai.continuity.CooldownEvent;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.continuity.ResilientChat;
import dev.stratus.ai.engine.AiEngine;
import dev.stratus.ai.governance.AuditLog;
import dev.stratus.ai.governance.Bucket4jRateLimiter;
import dev.stratus.ai.governance.PrometheusAiMetrics;
import dev.stratus.ai.governance.Redactor;
import dev.stratus.ai.governance.TokenBudgets;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderClient;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.provider.DeploymentProbe;
import dev.stratus.ai.provider.LocalServer;
import dev.stratus.ai.provider.ProbeResult;
import dev.stratus.ai.provider.ProviderClients;
import dev.stratus.ai.router.Router;
import dev.stratus.ai.router.RouterConfig;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * What the assistant builds from its deployments and routing: what probes found of each
 * deployment, their cooldowns, keys read again, background probes, the router and the engine.
 * with the redaction and the rate limits it applies. One per activation and one per edit taken as
 * the assistant runs; a request keeps the one it started with ({@link Assistant}), so an answer
 * being written at an edit ends as it would have. What outlives generations (provider
 * connections, the budgets' ledger, the audit log, meters) is {@link Shared}.
 */
final class Generation implements AutoCloseable {
    /** What every generation of one activation uses. */
    record Shared(ProviderClients clients, TokenBudgets budgets, AuditLog audit, PrometheusAiMetrics metrics,
                  Duration firstReprobe, Duration lastReprobe, System.Logger log) {
    }

    final AiConfig config;
    final Cooldowns cooldowns;
    final Bucket4jRateLimiter rateLimiter;
    final Assistant assistant;
    private final HttpClient probeHttp;
    private final Reprobes reprobes;
    private final List<ProbeResult> unreachable = new ArrayList<>();
    private final List<String> toCheck = new ArrayList<>();

    /**
     * Probes the deployments {@code config} names that are not configured in full (blocking, each
     * within its probe's bounds) and builds the rest; nothing runs in the background until
     * {@link #start()}. {@code problem}: why the configuration is not used, if it is not;
     * {@code rateLimiter}: the users' allowances, an earlier generation's when its limits are the same.
     */
    Generation(AiConfig config, String problem, Shared shared, Bucket4jRateLimiter rateLimiter,
               Supplier<List<LocalServer>> localServers) {
        this.config = config;
        this.rateLimiter = rateLimiter;
        System.Logger log = shared.log();
        List<Deployment> deployments = new ArrayList<>();
        List<ProbeResult> probed = new ArrayList<>();
        probeHttp = ProviderClients.newHttpClient();
        DeploymentProbe probe = new DeploymentProbe(probeHttp);
        // Probed together: one that does not answer holds the others up no longer than it takes itself.
        Map<String, Future<ProbeResult>> probes = new HashMap<>();
        try (ExecutorService probing = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Deployment d : config.deployments()) {
                if (!DeploymentProbe.configuredInFull(d)) {
                    probes.put(d.name(), probing.submit(() -> probe.probe(d)));
                }
            }
        }
        for (Deployment d : config.deployments()) {
            Future<ProbeResult> f = probes.get(d.name());
            if (f == null) {
                // Nothing to learn that routing waits for: whether it answers is found out in the background.
                deployments.add(d);
                toCheck.add(d.name());
                continue;
            }
            ProbeResult r = f.resultNow(); // the executor's close waited for every probe, and a probe never throws
            deployments.add(r.deployment());
            probed.add(r);
            if (!r.ok()) {
                log.log(System.Logger.Level.INFO, "Probing " + d.name() + ": " + String.join("; ", r.problems()));
            }
            if (r.unreachable()) {
                unreachable.add(r);
            }
        }
        KnownDeployments known = new KnownDeployments(deployments);
        probed.forEach(known::probed);
        Map<String, String> taskTiers = config.taskTiers();
        cooldowns = new Cooldowns();
        PrometheusAiMetrics metrics = shared.metrics();
        cooldowns.addListener(event -> {
            if (event instanceof CooldownEvent.Started s) {
                metrics.cooldown(s.cooldown().deployment(), s.cooldown().reason().name().toLowerCase(Locale.ROOT));
            }
        });
        RotatedKeys keys = new RotatedKeys(known, cooldowns, KeyFile::read, log);
        reprobes = new Reprobes(probe, known, keys, shared.firstReprobe(), shared.lastReprobe(), log);
        keys.onRefused(reprobes::keyRefused);
        ProviderClients clients = shared.clients();
        // A deployment that answers a call is reachable, whatever its last probe said; a probe then learns what it serves.
        ResilientChat chat = ResilientChat.create(ContinuityConfig.defaults(), cooldowns, d -> {
            ProviderClient client = clients.forDeployment(d);
            return (deployment, request, events) -> {
                ChatResult result = client.stream(deployment, request, events);
                if (known.answered(deployment.name())) {
                    reprobes.reached(deployment.name());
                }
                return result;
            };
        }, keys);
        AiEngine engine = new AiEngine(new Router(new RouterConfig(taskTiers, null), deployments), fixedRouters(taskTiers, deployments),
                chat, cooldowns, new Redactor(config.governance().redaction()), shared.budgets(), rateLimiter, shared.audit(),
                metrics, Boolean.TRUE.equals(config.governance().audit().auditPrompts()));
        known.onChange(now -> engine.reroute(new Router(new RouterConfig(taskTiers, null), now), fixedRouters(taskTiers, now)));
        assistant = new Assistant(engine, new AssistantState(config, known, problem, cooldowns, localServers));
    }

    /** Routers whose chat goes to one tier: the gateway's stratus/small, stratus/medium, stratus/large. */
    private static Map<Tier, Router> fixedRouters(Map<String, String> taskTiers, List<Deployment> deployments) {
        Map<Tier, Router> fixed = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            Map<String, String> tiers = new HashMap<>(taskTiers);
            tiers.put("chat", t.id());
            fixed.put(t, new Router(new RouterConfig(tiers, null), deployments));
        }
        return fixed;
    }

    /** Starts the background probes: of the deployments that did not answer, and of those configured in full. */
    void start() {
        unreachable.forEach(r -> reprobes.unreachable(r.deployment().name()));
        toCheck.forEach(reprobes::check);
    }

    /** Stops the background probes; the calls in flight through this generation's engine go on to their end. */
    @Override
    public void close() {
        reprobes.close();
        probeHttp.shutdownNow();
        probeHttp.close();
    }
}
