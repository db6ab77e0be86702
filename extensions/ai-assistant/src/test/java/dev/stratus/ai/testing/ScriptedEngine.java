package dev.stratus.ai.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.AssistantState;
import dev.stratus.ai.config.AiConfig;
import dev.stratus.ai.continuity.Backoff;
import dev.stratus.ai.continuity.ContinuityConfig;
import dev.stratus.ai.continuity.CooldownPolicy;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.continuity.FakeTime;
import dev.stratus.ai.continuity.ResilientChat;
import dev.stratus.ai.engine.AiEngine;
import dev.stratus.ai.governance.AuditConfig;
import dev.stratus.ai.governance.AuditLog;
import dev.stratus.ai.governance.Bucket4jRateLimiter;
import dev.stratus.ai.governance.BudgetConfig;
import dev.stratus.ai.governance.BudgetPeriod;
import dev.stratus.ai.governance.PrometheusAiMetrics;
import dev.stratus.ai.governance.RateLimitConfig;
import dev.stratus.ai.governance.RedactionConfig;
import dev.stratus.ai.governance.Redactor;
import dev.stratus.ai.governance.TokenBudgets;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.provider.ProviderClients;
import dev.stratus.ai.router.Router;
import dev.stratus.ai.router.RouterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The assistant's engine as the extension wires it (router, continuity, budgets, redaction,
 * audit) over real provider clients calling a {@link ScriptedUpstream}, with continuity on a
 * clock that moves only when told to or when a call waits (a wait takes no real time).
 */
public final class ScriptedEngine implements AutoCloseable {
    /** Continuity's clock and sleeper: sleeping moves the clock. */
    public final FakeTime time = new FakeTime(Instant.parse("2026-11-30T17:31:05.613907505Z"));
    public final Cooldowns cooldowns = new Cooldowns(CooldownPolicy.defaults(), time, () -> 0L);
    public final List<Deployment> deployments;
    public final AiEngine engine;
    public final AssistantState state;
    /** The engine's meters. */
    public final PrometheusAiMetrics metrics = new PrometheusAiMetrics();
    private final java.net.http.HttpClient http = ProviderClients.newHttpClient();
    private final ProviderClients clients = new ProviderClients(http);
    private final TokenBudgets budgets;
    private final AuditLog audit;
    private final Path auditFile;

    /** @param deployments each as {@code name:tier}, OpenAI-compatible, on {@code upstream}, the model named as the deployment */
    public ScriptedEngine(ScriptedUpstream upstream, Path data, String... deployments) {
        this(data, java.util.Arrays.stream(deployments).map(nt -> {
            String[] p = nt.split(":");
            return new Deployment(p[0], Tier.of(p[1]), ProviderKind.OPENAI, upstream.openAiBaseUrl(), p[0], null, 32_000, 1_000,
                    false, TestDeployments.TIMEOUT);
        }).toList());
    }

    /** @param deployments the deployments, on a {@link ScriptedUpstream} */
    public ScriptedEngine(Path data, List<Deployment> deployments) {
        this(data, deployments, new BudgetConfig(BudgetPeriod.DAILY, "UTC", null, Map.of(), Map.of(), Map.of(), false),
                Clock.systemUTC());
    }

    /**
     * @param deployments the deployments, on a {@link ScriptedUpstream}
     * @param budgets the token budgets, kept on {@code budgetClock}
     */
    public ScriptedEngine(Path data, List<Deployment> deployments, BudgetConfig budgets, Clock budgetClock) {
        this.deployments = List.copyOf(deployments);
        Router router = new Router(new RouterConfig(Map.of(), null), this.deployments);
        Map<Tier, Router> fixed = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            fixed.put(t, new Router(new RouterConfig(Map.of("chat", t.id()), null), this.deployments));
        }
        ContinuityConfig config = ContinuityConfig.defaults();
        ResilientChat chat = new ResilientChat(config, cooldowns, new Backoff(config.backoffBase(), config.backoffCap(), () -> 0L, time),
                time, time, clients::forDeployment);
        this.budgets = TokenBudgets.open(data, budgets, budgetClock);
        auditFile = data.resolve("audit.jsonl");
        audit = AuditLog.open(auditFile, AuditConfig.defaults(), Clock.systemUTC());
        engine = new AiEngine(router, fixed, chat, cooldowns, new Redactor(RedactionConfig.defaults()), this.budgets,
                new Bucket4jRateLimiter(RateLimitConfig.defaults(), Clock.systemUTC()), audit, metrics, false);
        state = new AssistantState(AiConfig.empty(), this.deployments, Map.of(), null, cooldowns);
    }

    /** The budgets the engine reserves against. */
    public TokenBudgets budgets() {
        return budgets;
    }

    /** Every audit record written so far (the log is closed first, so that nothing waits in its writer). */
    public List<JsonNode> auditRecords() throws IOException {
        audit.close();
        ObjectMapper json = new ObjectMapper();
        return Files.readAllLines(auditFile).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return json.readTree(l);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Override
    public void close() throws Exception {
        audit.close();
        budgets.close();
        clients.close();
        http.close();
    }
}
