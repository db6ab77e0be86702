package dev.stratus.ai;

import dev.stratus.ai.chat.AiRpcService;
import dev.stratus.ai.chat.AiService;
import dev.stratus.ai.chat.ConversationStore;
import dev.stratus.ai.chat.ConversationTurns;
import dev.stratus.ai.chat.ConversationWatchers;
import dev.stratus.ai.chat.EditRecords;
import dev.stratus.ai.chat.ResumableAnswers;
import dev.stratus.ai.config.AiConfig;
import dev.stratus.ai.config.AiConfigException;
import dev.stratus.ai.gateway.OpenAiGateway;
import dev.stratus.ai.governance.AuditEvent;
import dev.stratus.ai.governance.AuditLog;
import dev.stratus.ai.governance.Bucket4jRateLimiter;
import dev.stratus.ai.governance.PrometheusAiMetrics;
import dev.stratus.ai.governance.TokenBudgets;
import dev.stratus.ai.provider.LocalServer;
import dev.stratus.ai.provider.LocalServerDetector;
import dev.stratus.ai.provider.LocalServers;
import dev.stratus.ai.provider.ProviderClients;
import dev.stratus.extension.api.Extension;
import dev.stratus.extension.api.ExtensionContext;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.Registration;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The AI assistant: reads {@code ai:} from the server's configuration, probes each deployment,
 * and serves the {@code ai/*} methods (its RPC alias), the OpenAI-compatible gateway (its HTTP
 * alias {@code /v1/}) and its Prometheus meters (in the server's {@code /metrics}, which only
 * administrators may read). With no deployment configured it still answers: {@code ai/status}
 * says how to configure one.
 */
public final class AiAssistantExtension implements Extension {
    /** How long a stopping server waits for the answers in flight to be stored as interrupted. */
    static final Duration STOP_ANSWERS_WITHIN = Duration.ofSeconds(5);
    /** The wait before an unreachable deployment is probed again; it doubles each time, up to {@link #LAST_REPROBE}. */
    static final Duration FIRST_REPROBE = Duration.ofSeconds(10);
    static final Duration LAST_REPROBE = Duration.ofMinutes(5);

    /** Where model servers are looked for while none is configured. */
    private final Supplier<List<URI>> localServers;

    private ExtensionContext context;
    private Generation.Shared shared;
    /** Where answers whose page went away wait; its time follows an edit of {@code resumeSeconds}. */
    private ResumableAnswers resumable;
    /** The configuration last taken (its generation may still be being built); not configured when it could not be read. */
    private AiConfig taken;
    /** How many edits were taken: only the latest one's generation is made current. */
    private long edits;
    /** The generation new requests take; null once the assistant stopped. Replaced under this object's lock. */
    private volatile Generation current;
    /** Serves {@code /v1/} while mounted. */
    private OpenAiGateway gateway;
    /** The gateway's routes while it is mounted, else empty; guarded by this object's lock. */
    private final List<Registration> gatewayRoutes = new ArrayList<>();

    public AiAssistantExtension() {
        this(() -> LocalServers.from(System.getenv(LocalServers.ENV)));
    }

    /** One looking for model servers at {@code localServers} (loopback addresses) while none is configured. */
    AiAssistantExtension(Supplier<List<URI>> localServers) {
        this.localServers = localServers;
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
        this.context = context;
        System.Logger log = context.logger();
        AiConfig config;
        String problem = null;
        try {
            String json = context.configuration().orElse("null");
            config = AiConfig.parse(json, System::getenv);
        } catch (AiConfigException | IllegalStateException e) {
            // A configuration mistake (or a stratus.yaml that is not YAML) must not take the assistant, or the IDE,
            // down: say it where users look. What it may have turned off stays off.
            config = AiConfig.unreadable();
            problem = e.getMessage();
            log.log(System.Logger.Level.WARNING, "The ai: configuration is not used: " + e.getMessage()
                    + "; the OpenAI-compatible gateway (/v1) stays off until it is fixed");
        }
        taken = config;
        ProviderClients clients = ProviderClients.create();
        var governance = config.governance();
        AuditLog audit = AuditLog.open(context.dataDir().resolve("audit.jsonl"), governance.audit(), Clock.systemUTC(), log);
        TokenBudgets budgets;
        try {
            // A request still running when the server stopped never got its record: it gets one now, as it is charged.
            budgets = TokenBudgets.openRecordingInterrupted(context.dataDir(), governance.budgets(), Clock.systemUTC(),
                    r -> audit.append(AuditEvent.interrupted(r)));
        } catch (RuntimeException e) {
            audit.close();
            throw e;
        }
        PrometheusAiMetrics metrics = new PrometheusAiMetrics();
        shared = new Generation.Shared(clients, budgets, audit, metrics, FIRST_REPROBE, LAST_REPROBE, log);
        Generation first = new Generation(config, problem, shared, new Bucket4jRateLimiter(governance.rateLimit(), Clock.systemUTC()),
                localServerWatch(config, log, context));
        // What the last activation knew: a deployment rate limited or out of quota is not called again at once.
        CarriedCooldowns.restore(context.dataDir(), first.cooldowns, config.deployments(), log);
        current = first;
        first.start();
        Supplier<Assistant> live = () -> current().assistant;

        ConversationStore store = new ConversationStore(context.dataDir());
        ConversationWatchers watchers = new ConversationWatchers();
        ConversationTurns turns = new ConversationTurns();
        resumable = new ResumableAnswers(Duration.ofSeconds(config.resumeSeconds()));
        EditRecords edits = new EditRecords();

        context.rpc().register(AiService.class, session -> new AiRpcService(session, live, store, watchers, turns,
                resumable, edits, context.aiTools()));
        gateway = new OpenAiGateway(live);
        mountGateway(config.gatewayEnabled());
        context.metrics(metrics::scrape);
        context.commands().register("ai-assistant.status", inv -> current().assistant.state().summary());
        // Released from the last registered: the model calls in flight stop first, and may still settle and be recorded.
        context.onDeactivate(audit::close);
        context.onDeactivate(this::retire);
        context.onDeactivate(budgets);
        context.onDeactivate(clients);
        // Released first: the answers in flight are interrupted and stored before the model calls and the audit stop.
        context.onDeactivate(() -> turns.stop(STOP_ANSWERS_WITHIN));
        // Before that: answers whose page went away stop now, and no answer waits for its page any more.
        context.onDeactivate(resumable::stop);
        log.log(System.Logger.Level.INFO, "AI assistant ready: " + first.assistant.state().summary());
    }

    /**
     * Mounts the gateway's routes ({@code on}) or takes them away: while they are away {@code /v1/}
     * has no route at all, as if the assistant had none. A stream being answered goes on to its end.
     */
    private synchronized void mountGateway(boolean on) {
        if (on == !gatewayRoutes.isEmpty()) {
            return;
        }
        if (!on) {
            gatewayRoutes.forEach(Registration::close);
            gatewayRoutes.clear();
            return;
        }
        var http = context.http();
        try {
            gatewayRoutes.add(http.route("GET", "models", gateway::models));
            gatewayRoutes.add(http.route("GET", "models/{id}", gateway::model));
            gatewayRoutes.add(http.route("GET", "models/stratus/{name}", gateway::model));
            gatewayRoutes.add(http.route("POST", "chat/completions", gateway::completions));
            gatewayRoutes.add(http.route("POST", "completions", gateway::textCompletions));
        } catch (IllegalStateException e) {
            // The assistant is being stopped: nothing is mounted any more.
            gatewayRoutes.forEach(Registration::close);
            gatewayRoutes.clear();
            context.logger().log(System.Logger.Level.DEBUG, "The gateway was not mounted: " + e.getMessage());
        }
    }

    private Generation current() {
        Generation g = current;
        if (g == null) {
            throw new ExtensionException(ExtensionException.Reason.UNAVAILABLE, "The AI assistant is stopping");
        }
        return g;
    }

    /** Keeps the running cooldowns for the next start and stops the current generation's background probes. */
    private synchronized void retire() {
        Generation g = current;
        current = null;
        if (g != null) {
            CarriedCooldowns.save(context.dataDir(), g.cooldowns, g.config.deployments(), context.logger());
            g.close();
        }
    }

    /**
     * Takes an edit of the deployments, the routing, the redaction, the rate limits, the budgets,
     * the audit's settings, the gateway, or how long answers wait for their page, as the assistant runs: answers
     * being written go on with what they started with, and the next requests route over the new
     * deployments (each running cooldown carried over to the same deployment) under the new rules.
     * The audit's settings apply from its next batch: a record still to be written when prompts are
     * turned off is written without its prompt. A budget period or zone edited counts from the next
     * request in the ledger of the period it falls in ({@link TokenBudgets#retune}). The gateway
     * turned off takes its routes away (its streams being answered go on to their end), turned on
     * mounts them. An edit that is not valid, and one from or to no deployment at all, are
     * declined: the host then activates the assistant again.
     *
     * <p>Taken at once; the new deployments are probed in the background (one that does not answer
     * may take seconds), the earlier ones serving until then, so that no request waits for the edit.
     */
    @Override
    public boolean reconfigure(Optional<String> edited) throws Exception {
        AiConfig config;
        try {
            config = AiConfig.parse(edited.orElse("null"), System::getenv);
        } catch (AiConfigException e) {
            return false; // activated again, the mistake is said where users look
        }
        long edit;
        synchronized (this) {
            // Every setting is taken as the assistant runs; only a start from or to no deployment activates it again.
            if (current == null || !taken.configured() || !config.configured()) {
                return false;
            }
            taken = config;
            edit = ++edits;
            resumable.within(Duration.ofSeconds(config.resumeSeconds()));
        }
        Thread.ofVirtual().name("ai-reconfigure").start(() -> apply(config, edit));
        return true;
    }

    /** Builds the generation of edit {@code edit} and makes it current, unless a later edit or a stop came first. */
    private void apply(AiConfig config, long edit) {
        Generation next;
        try {
            Generation now = current;
            // Users' allowances go on unless their limits changed.
            Bucket4jRateLimiter limiter = now != null && config.governance().rateLimit().equals(now.config.governance().rateLimit())
                    ? now.rateLimiter : new Bucket4jRateLimiter(config.governance().rateLimit(), Clock.systemUTC());
            next = new Generation(config, null, shared, limiter, List::of);
        } catch (RuntimeException e) {
            context.logger().log(System.Logger.Level.WARNING, "The edit of the ai: configuration could not be taken: " + e.getMessage());
            return;
        }
        Generation before;
        synchronized (this) {
            before = current;
            if (before == null || edit != edits) {
                next.close(); // stopped, or a later edit is being taken
                return;
            }
            CarriedCooldowns.carry(before.cooldowns, before.config.deployments(), next.cooldowns, config.deployments());
            shared.budgets().retune(config.governance().budgets());
            shared.audit().retune(config.governance().audit());
            current = next;
            mountGateway(config.gatewayEnabled());
        }
        next.start();
        before.close();
        context.logger().log(System.Logger.Level.INFO, "AI assistant reconfigured, answers in flight kept: "
                + next.assistant.state().summary());
    }
}
