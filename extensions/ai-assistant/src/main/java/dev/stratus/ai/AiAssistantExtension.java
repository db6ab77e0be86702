package dev.stratus.ai;

import dev.stratus.ai.chat.AiRpcService;
import dev.stratus.ai.chat.AiService;
import dev.stratus.ai.chat.ConversationStore;
import dev.stratus.ai.chat.ConversationTurns;
import dev.stratus.ai.chat.ConversationWatchers;
import dev.stratus.ai.chat.ResumableAnswers;
import dev.stratus.ai.config.AiConfig;
import dev.stratus.ai.config.AiConfigException;
import dev.stratus.ai.config.KeyFile;
import dev.stratus.ai.continuity.ContinuityConfig;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.continuity.ResilientChat;
import dev.stratus.ai.engine.AiEngine;
import dev.stratus.ai.gateway.OpenAiGateway;
import dev.stratus.ai.governance.AuditEvent;
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
import dev.stratus.ai.provider.LocalServerDetector;
import dev.stratus.ai.provider.LocalServers;
import dev.stratus.ai.provider.ProbeResult;
import dev.stratus.ai.provider.ProviderClients;
import dev.stratus.ai.router.Router;
import dev.stratus.ai.router.RouterConfig;
import dev.stratus.extension.api.Extension;
import dev.stratus.extension.api.ExtensionContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The AI assistant: reads {@code ai:} from the server's configuration, probes each deployment,
 * and serves the {@code ai/*} methods (its RPC alias), the OpenAI-compatible gateway (its HTTP
 * alias {@code /v1/}) and its Prometheus meters (in the server's {@code /metrics}, which only
 * administrators may read). With no deployment configured it still answers: {@code ai/status}
 * says how to configure one.
 */
public final class AiAssistantExtension implements Extension {
    private ProviderClients clients;
    private TokenBudgets budgets;
    private AuditLog audit;

    /** How long a stopping server waits for the answers in flight to be stored as interrupted. */
    static final Duration STOP_ANSWERS_WITHIN = Duration.ofSeconds(5);
    /** The wait before an unreachable deployment is probed again; it doubles each time, up to {@link #LAST_REPROBE}. */
    static final Duration FIRST_REPROBE = Duration.ofSeconds(10);
    static final Duration LAST_REPROBE = Duration.ofMinutes(5);

    /** Where model servers are looked for while none is configured. */
    private final Supplier<List<URI>> localServers;

    public AiAssistantExtension() {
        this(() -> LocalServers.from(System.getenv(LocalServers.ENV)));
    }

    /** One looking for model servers at {@code localServers} (loopback addresses) while none is configured. */
    AiAssistantExtension(Supplier<List<URI>> localServers) {
        this.localServers = localServers;
    }

    /** Routers whose chat goes to one tier: the gateway's stratus/small, stratus/medium, stratus/large. */
    private static Map<Tier, Router> fixedRouters(Map<String, String> taskTiers, List<Deployment> deployments) {
        Map<Tier, Router> fixed = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            Map<String, String> tiers = new java.util.HashMap<>(taskTiers);
            tiers.put("chat", t.id());
            fixed.put(t, new Router(new RouterConfig(tiers, null), deployments));
        }
        return fixed;
    }

    /**
     * What is found on this machine while nothing is configured (and {@code detectLocalServers} is
     * not false): looked for in the background until a configuration activates the assistant anew.
     */
    private Supplier<List<LocalServer>> localServerWatch(AiConfig config, System.Logger log, ExtensionContext context) {
        if (config.configured() || !config.detectLocalServers()) {
            return List::of;
        }
        List<URI> addresses;
        try {
            addresses = localServers.get();
        } catch (IllegalArgumentException e) {
            log.log(System.Logger.Level.WARNING, LocalServers.ENV + " is not used: " + e.getMessage());
            return List::of;
        }
        LocalServerWatch watch = new LocalServerWatch(new LocalServerDetector(addresses, LocalServerDetector.TIMEOUT),
                LocalServerWatch.EVERY);
        context.onDeactivate(watch);
        return watch;
    }

    @Override
    public void activate(ExtensionContext context) throws Exception {
        System.Logger log = context.logger();
        AiConfig config;
        String problem = null;
        try {
            config = AiConfig.parse(context.configuration().orElse("null"), System::getenv);
        } catch (AiConfigException | IllegalStateException e) {
            // A configuration mistake (or a stratus.yaml that is not YAML) must not take the assistant, or the IDE,
            // down: say it where users look. What it may have turned off stays off.
            config = AiConfig.unreadable();
            problem = e.getMessage();
            log.log(System.Logger.Level.WARNING, "The ai: configuration is not used: " + e.getMessage()
                    + "; the OpenAI-compatible gateway (/v1) stays off until it is fixed");
        }
        clients = ProviderClients.create();
        List<Deployment> deployments = new ArrayList<>();
        List<ProbeResult> probed = new ArrayList<>();
        java.net.http.HttpClient probeHttp = ProviderClients.newHttpClient();
        DeploymentProbe probe = new DeploymentProbe(probeHttp);
        List<String> toCheck = new ArrayList<>();
        for (Deployment d : config.deployments()) {
            if (DeploymentProbe.configuredInFull(d)) {
                // Nothing to learn that routing waits for: whether it answers is found out in the background.
                deployments.add(d);
                toCheck.add(d.name());
                continue;
            }
            ProbeResult r = probe.probe(d);
            deployments.add(r.deployment());
            probed.add(r);
            if (!r.ok()) {
                log.log(System.Logger.Level.INFO, "Probing " + d.name() + ": " + String.join("; ", r.problems()));
            }
        }
        KnownDeployments known = new KnownDeployments(deployments);
        probed.forEach(known::probed);
        Map<String, String> taskTiers = config.taskTiers();
        Router router = new Router(new RouterConfig(taskTiers, null), deployments);
        Map<Tier, Router> fixed = fixedRouters(taskTiers, deployments);
        Cooldowns cooldowns = new Cooldowns();
        // What the last activation knew: a deployment rate limited or out of quota is not called again at once.
        List<Deployment> configured = config.deployments();
        CarriedCooldowns.restore(context.dataDir(), cooldowns, configured, log);
        PrometheusAiMetrics metrics = new PrometheusAiMetrics();
        cooldowns.addListener(event -> {
            if (event instanceof dev.stratus.ai.continuity.CooldownEvent.Started s) {
                metrics.cooldown(s.cooldown().deployment(), s.cooldown().reason().name().toLowerCase(java.util.Locale.ROOT));
            }
        });
        RotatedKeys keys = new RotatedKeys(known, cooldowns, KeyFile::read, log);
        Reprobes reprobes = new Reprobes(probe, known, keys, FIRST_REPROBE, LAST_REPROBE, log);
        keys.onRefused(reprobes::keyRefused);
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
        var governance = config.governance();
        audit = AuditLog.open(context.dataDir().resolve("audit.jsonl"), governance.audit(), Clock.systemUTC(), log);
        try {
            // A request still running when the server stopped never got its record: it gets one now, as it is charged.
            budgets = TokenBudgets.openRecordingInterrupted(context.dataDir(), governance.budgets(), Clock.systemUTC(),
                    r -> audit.append(AuditEvent.interrupted(r)));
        } catch (RuntimeException e) {
            audit.close();
            throw e;
        }
        AiEngine engine = new AiEngine(router, fixed, chat, cooldowns, new Redactor(governance.redaction()), budgets,
                new Bucket4jRateLimiter(governance.rateLimit(), Clock.systemUTC()), audit, metrics,
                Boolean.TRUE.equals(governance.audit().auditPrompts()));
        known.onChange(now -> engine.reroute(new Router(new RouterConfig(taskTiers, null), now), fixedRouters(taskTiers, now)));
        for (ProbeResult r : probed) {
            if (r.unreachable()) {
                reprobes.unreachable(r.deployment().name());
            }
        }
        toCheck.forEach(reprobes::check);
        AssistantState state = new AssistantState(config, known, problem, cooldowns, localServerWatch(config, log, context));
        ConversationStore store = new ConversationStore(context.dataDir());
        ConversationWatchers watchers = new ConversationWatchers();
        ConversationTurns turns = new ConversationTurns();
        ResumableAnswers resumable = new ResumableAnswers(Duration.ofSeconds(config.resumeSeconds()));

        context.rpc().register(AiService.class, session -> new AiRpcService(session, engine, state, store, watchers, turns,
                resumable, context.aiTools()));
        if (config.gatewayEnabled()) {
            OpenAiGateway gateway = new OpenAiGateway(engine, state);
            context.http().route("GET", "models", gateway::models);
            context.http().route("GET", "models/{id}", gateway::model);
            context.http().route("GET", "models/stratus/{name}", gateway::model);
            context.http().route("POST", "chat/completions", gateway::completions);
            context.http().route("POST", "completions", gateway::textCompletions);
        }
        context.metrics(metrics::scrape);
        context.commands().register("ai-assistant.status", inv -> state.summary());
        // Released from the last registered: the model calls in flight stop first, and may still settle and be recorded.
        context.onDeactivate(audit::close);
        context.onDeactivate(() -> CarriedCooldowns.save(context.dataDir(), cooldowns, configured, log));
        context.onDeactivate(budgets);
        context.onDeactivate(reprobes);
        context.onDeactivate(() -> {
            probeHttp.shutdownNow();
            probeHttp.close();
        });
        context.onDeactivate(clients);
        // Released first: the answers in flight are interrupted and stored before the model calls and the audit stop.
        context.onDeactivate(() -> turns.stop(STOP_ANSWERS_WITHIN));
        // Before that: answers whose page went away stop now, and no answer waits for its page any more.
        context.onDeactivate(resumable::stop);
        log.log(System.Logger.Level.INFO, "AI assistant ready: " + state.summary());
    }
}
