package dev.stratus.ai.engine;

import dev.stratus.ai.continuity.ContinuityConfig;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.continuity.ResilientChat;
import dev.stratus.ai.governance.AiMetrics;
import dev.stratus.ai.governance.AuditConfig;
import dev.stratus.ai.governance.AuditLog;
import dev.stratus.ai.governance.Bucket4jRateLimiter;
import dev.stratus.ai.governance.BudgetConfig;
import dev.stratus.ai.governance.BudgetPeriod;
import dev.stratus.ai.governance.RateLimitConfig;
import dev.stratus.ai.governance.RedactionConfig;
import dev.stratus.ai.governance.Redactor;
import dev.stratus.ai.governance.TokenBudgets;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.ai.model.ToolSpec;
import dev.stratus.ai.model.Usage;
import dev.stratus.ai.provider.ProviderClients;
import dev.stratus.ai.router.Router;
import dev.stratus.ai.router.RouterConfig;
import dev.stratus.ai.router.Task;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.ai.testing.TestDeployments;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The engine as the assistant wires it (router, continuity, redaction, budgets, audit, the real
 * provider clients) in front of a {@link ScriptedUpstream}, for agent-loop tests.
 */
final class ScriptedEngine implements AutoCloseable {
    static final List<ToolSpec> TOOLS = List.of(new ToolSpec("read_file", "Reads a workspace file",
            "{\"type\": \"object\", \"properties\": {\"path\": {\"type\": \"string\"}}}"));

    final AiEngine engine;
    private final ProviderClients clients = ProviderClients.create();
    private final TokenBudgets budgets;
    private final AuditLog audit;

    ScriptedEngine(Path data, List<Deployment> deployments) throws Exception {
        Router router = new Router(new RouterConfig(Map.of(), null), deployments);
        Map<Tier, Router> fixed = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            fixed.put(t, new Router(new RouterConfig(Map.of("chat", t.id()), null), deployments));
        }
        Cooldowns cooldowns = new Cooldowns();
        budgets = TokenBudgets.open(data, new BudgetConfig(BudgetPeriod.DAILY, "UTC", null, Map.of(), Map.of(), Map.of(), false),
                Clock.systemUTC());
        audit = AuditLog.open(data.resolve("audit.jsonl"), AuditConfig.defaults(), Clock.systemUTC());
        engine = new AiEngine(router, fixed, ResilientChat.create(ContinuityConfig.defaults(), cooldowns, clients::forDeployment),
                cooldowns, new Redactor(RedactionConfig.defaults()), budgets,
                new Bucket4jRateLimiter(RateLimitConfig.defaults(), Clock.systemUTC()), audit, AiMetrics.NOOP, false);
    }

    /** A tool-calling OpenAI-compatible deployment on {@code upstream} whose model is its name. */
    static Deployment deployment(ScriptedUpstream upstream, String name, Tier tier, int contextTokens) {
        return new Deployment(name, tier, ProviderKind.OPENAI, upstream.openAiBaseUrl(), name, null, contextTokens, null, true,
                TestDeployments.TIMEOUT);
    }

    /** A chat on {@code tier} offering {@link #TOOLS}. */
    static Run chat(Tier tier, String prompt) {
        return new Run("alice", "ws", "chat", Task.CHAT, prompt, null,
                List.of(ChatMessage.system("You are a helpful assistant."), ChatMessage.user(prompt)), TOOLS, tier, null);
    }

    @Override
    public void close() throws Exception {
        budgets.close();
        audit.close();
        clients.close();
    }

    /** A chat panel's sink: records the notices and the tool calls it ran, and answers each with {@code output}. */
    static final class Panel implements RunSink {
        final List<String> notices = new CopyOnWriteArrayList<>();
        final List<ToolCall> ran = new CopyOnWriteArrayList<>();
        final StringBuilder text = new StringBuilder();
        ChatResult finished;
        private final Function<ToolCall, String> output;

        Panel(Function<ToolCall, String> output) {
            this.output = output;
        }

        @Override
        public void text(String delta) {
            text.append(delta);
        }

        @Override
        public void notice(String kind, String message, Integer discardedChars) {
            notices.add(kind + ": " + message);
        }

        @Override
        public List<String> toolCalls(List<ToolCall> calls) {
            ran.addAll(calls);
            return calls.stream().map(output).toList();
        }

        @Override
        public void finished(ChatResult result, Usage usage, Tier tier, String deployment) {
            finished = result;
        }
    }
}
