package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.stratus.ai.model.ProviderClient;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.Usage;
import dev.stratus.ai.router.RouteDecision;
import dev.stratus.ai.router.Router;
import dev.stratus.ai.router.RouterConfig;
import dev.stratus.ai.router.Task;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat's context-fit filter counts everything the call would send (the system prompt, the whole
 * conversation, tool definitions), not only the last message the scorer reads: a long
 * conversation ending in a short question is never sent to a deployment it cannot fit.
 */
class ContextFitRouteTest {
    static final Deployment SMALL = deployment("small-a", Tier.SMALL, 4_000);
    static final Deployment MEDIUM = deployment("medium-a", Tier.MEDIUM, 128_000);
    /** About 10,000 tokens by the engine's estimate (three characters a token). */
    static final String LONG_HISTORY = "The build log said: " + "x".repeat(30_000);

    @TempDir
    Path data;
    final List<String> called = new CopyOnWriteArrayList<>();
    TokenBudgets budgets;
    AuditLog audit;
    AiEngine engine;

    static Deployment deployment(String name, Tier tier, int contextTokens) {
        return new Deployment(name, tier, ProviderKind.OPENAI, URI.create("http://127.0.0.1:9/v1"), "m", null, contextTokens, 1_000,
                false, Duration.ofSeconds(5));
    }

    @BeforeEach
    void engine() throws Exception {
        List<Deployment> deployments = List.of(SMALL, MEDIUM);
        ProviderClient client = (deployment, request, events) -> {
            called.add(deployment.name());
            events.accept(new StreamEvent.TextDelta("ok"));
            events.accept(new StreamEvent.Finished("stop"));
            return new ChatResult("ok", List.of(), new Usage(10, 1), "stop");
        };
        Router router = new Router(new RouterConfig(Map.of(), null), deployments);
        Map<Tier, Router> fixed = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            fixed.put(t, new Router(new RouterConfig(Map.of("chat", t.id()), null), deployments));
        }
        Cooldowns cooldowns = new Cooldowns();
        budgets = TokenBudgets.open(data, new BudgetConfig(BudgetPeriod.DAILY, "UTC", null, Map.of(), Map.of(), Map.of(), false),
                Clock.systemUTC());
        audit = AuditLog.open(data.resolve("audit.jsonl"), AuditConfig.defaults(), Clock.systemUTC());
        engine = new AiEngine(router, fixed, ResilientChat.create(ContinuityConfig.defaults(), cooldowns, d -> client), cooldowns,
                new Redactor(RedactionConfig.defaults()), budgets, new Bucket4jRateLimiter(RateLimitConfig.defaults(), Clock.systemUTC()),
                audit, AiMetrics.NOOP, false);
    }

    @AfterEach
    void close() throws Exception {
        budgets.close();
        audit.close();
    }

    /** A gateway-style run: the whole conversation in messages, the last user message as the prompt. */
    static Run run(Tier tier, String history) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system("You are a helpful assistant."));
        if (history != null) {
            messages.add(ChatMessage.user(history));
            messages.add(ChatMessage.assistant("I see.", List.of()));
        }
        messages.add(ChatMessage.user("and now?"));
        return new Run("alice", "alice", null, "gateway", Task.CHAT, "and now?", null, messages, List.of(), tier, 200);
    }

    @Test
    void aLongConversationPinnedToSmallSkipsTheSmallDeploymentItCannotFit() {
        RouteDecision decision = engine.route(run(Tier.SMALL, LONG_HISTORY));

        assertThat(decision.candidates()).extracting(Deployment::name).containsExactly("medium-a");
        assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).startsWith("small-a skipped: context 4000 < "));
        assertThat(decision.fallback()).isTrue();
    }

    @Test
    void aLongConversationScoredAsChatSkipsTheSmallDeploymentItCannotFit() {
        RouteDecision decision = engine.route(run(null, LONG_HISTORY));

        assertThat(decision.candidates()).extracting(Deployment::name).doesNotContain("small-a").contains("medium-a");
        assertThat(decision.reasons()).anySatisfy(r -> assertThat(r).startsWith("small-a skipped: context 4000 < "));
    }

    @Test
    void aShortConversationStillGoesToTheSmallDeployment() {
        RouteDecision decision = engine.route(run(Tier.SMALL, "What does this regex match?"));

        assertThat(decision.candidates()).extracting(Deployment::name).containsExactly("small-a", "medium-a");
        assertThat(decision.fallback()).isFalse();
    }

    @Test
    void theCallThatCannotFitIsNeverSentToTheSmallDeployment() throws Exception {
        RunResult result = engine.run(run(Tier.SMALL, LONG_HISTORY), RunSink.NONE);

        assertThat(called).containsExactly("medium-a");
        assertThat(result.deployment()).isEqualTo("medium-a");
    }
}
