package dev.stratus.ai;

import dev.stratus.ai.chat.AiRpcService;
import dev.stratus.ai.chat.AiService;
import dev.stratus.ai.chat.ConversationStore;
import dev.stratus.ai.config.AiConfig;
import dev.stratus.ai.config.AiConfigException;
import dev.stratus.ai.continuity.ContinuityConfig;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.continuity.ResilientChat;
import dev.stratus.ai.engine.AiEngine;
import dev.stratus.ai.gateway.OpenAiGateway;
import dev.stratus.ai.governance.AuditLog;
import dev.stratus.ai.governance.Bucket4jRateLimiter;
import dev.stratus.ai.governance.PrometheusAiMetrics;
import dev.stratus.ai.governance.Redactor;
import dev.stratus.ai.governance.TokenBudgets;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.provider.DeploymentProbe;
import dev.stratus.ai.provider.ProbeResult;
import dev.stratus.ai.provider.ProviderClients;
import dev.stratus.ai.router.Router;
import dev.stratus.ai.router.RouterConfig;
import dev.stratus.extension.api.Extension;
import dev.stratus.extension.api.ExtensionContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    public AiAssistantExtension() {
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
            // down: say it where users look.
            config = AiConfig.empty();
            problem = e.getMessage();
            log.log(System.Logger.Level.WARNING, "The ai: configuration is not used: " + e.getMessage());
        }
        clients = ProviderClients.create();
        List<Deployment> deployments = new ArrayList<>();
        Map<String, String> problems = new ConcurrentHashMap<>();
        DeploymentProbe probe = new DeploymentProbe(ProviderClients.newHttpClient());
        for (Deployment d : config.deployments()) {
            ProbeResult r = probe.probe(d);
            deployments.add(r.deployment());
            if (!r.ok()) {
                problems.put(d.name(), String.join("; ", r.problems()));
                log.log(System.Logger.Level.INFO, "Probing " + d.name() + ": " + String.join("; ", r.problems()));
            }
        }
        RouterConfig routerConfig = new RouterConfig(config.taskTiers(), null);
        Router router = new Router(routerConfig, deployments);
        Map<Tier, Router> fixed = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            Map<String, String> tiers = new java.util.HashMap<>(config.taskTiers());
            tiers.put("chat", t.id());
            fixed.put(t, new Router(new RouterConfig(tiers, null), deployments));
        }
        Cooldowns cooldowns = new Cooldowns();
        PrometheusAiMetrics metrics = new PrometheusAiMetrics();
        cooldowns.addListener(event -> {
            if (event instanceof dev.stratus.ai.continuity.CooldownEvent.Started s) {
                metrics.cooldown(s.cooldown().deployment(), s.cooldown().reason().name().toLowerCase(java.util.Locale.ROOT));
            }
        });
        ResilientChat chat = ResilientChat.create(ContinuityConfig.defaults(), cooldowns, clients::forDeployment);
        var governance = config.governance();
        budgets = TokenBudgets.open(context.dataDir(), governance.budgets(), Clock.systemUTC());
        audit = AuditLog.open(context.dataDir().resolve("audit.jsonl"), governance.audit(), Clock.systemUTC(), log);
        AiEngine engine = new AiEngine(router, fixed, chat, cooldowns, new Redactor(governance.redaction()), budgets,
                new Bucket4jRateLimiter(governance.rateLimit(), Clock.systemUTC()), audit, metrics,
                Boolean.TRUE.equals(governance.audit().auditPrompts()));
        AssistantState state = new AssistantState(config, deployments, problems, problem, cooldowns);
        ConversationStore store = new ConversationStore(context.dataDir());

        context.rpc().register(AiService.class, session -> new AiRpcService(session, engine, state, store, context.aiTools()));
        if (config.gatewayEnabled()) {
            OpenAiGateway gateway = new OpenAiGateway(engine, state);
            context.http().route("GET", "models", gateway::models);
            context.http().route("GET", "models/{id}", gateway::model);
            context.http().route("GET", "models/stratus/{name}", gateway::model);
            context.http().route("POST", "chat/completions", gateway::completions);
        }
        context.metrics(metrics::scrape);
        context.commands().register("ai-assistant.status", inv -> state.summary());
        context.onDeactivate(clients);
        context.onDeactivate(budgets);
        context.onDeactivate(audit::close);
        log.log(System.Logger.Level.INFO, "AI assistant ready: " + state.summary());
    }
}
