package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.continuity.ContinuityConfig;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.continuity.ResilientChat;
import dev.stratus.ai.engine.AiEngine;
import dev.stratus.ai.engine.Run;
import dev.stratus.ai.engine.RunSink;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderClient;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.model.Usage;
import dev.stratus.ai.router.Router;
import dev.stratus.ai.router.RouterConfig;
import dev.stratus.ai.router.Task;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine sends a call while its budget reservation is flushed to disk, and passes nothing of
 * the answer on before the flush is done. The provider is an in-process client: what is tested is
 * the order of the engine's steps, not a wire format.
 */
class BudgetFlushOrderTest {
    @TempDir
    Path data;
    /** Flushes that wait here until the test runs them. */
    final BlockingQueue<Runnable> flushes = new LinkedBlockingQueue<>();
    /** Counted down by the provider once it was called. */
    final CountDownLatch called = new CountDownLatch(1);
    final List<String> shown = new CopyOnWriteArrayList<>();
    TokenBudgets budgets;
    AuditLog audit;

    @AfterEach
    void close() throws Exception {
        budgets.close();
        audit.close();
    }

    AiEngine engine() {
        Deployment d = new Deployment("small-a", Tier.SMALL, ProviderKind.OPENAI, URI.create("http://127.0.0.1:9/v1"), "m", null,
                32_000, 1_000, false, Duration.ofSeconds(5));
        ProviderClient client = (deployment, request, events) -> {
            called.countDown();
            events.accept(new StreamEvent.TextDelta("hello"));
            events.accept(new StreamEvent.Finished("stop"));
            return new ChatResult("hello", List.of(), new Usage(10, 1), "stop");
        };
        Cooldowns cooldowns = new Cooldowns();
        budgets = TokenBudgets.open(data, new BudgetConfig(BudgetPeriod.DAILY, "UTC", 100_000L, Map.of(), Map.of(), Map.of(), true),
                Clock.systemUTC(), flushes::add);
        audit = AuditLog.open(data.resolve("audit.jsonl"), AuditConfig.defaults(), Clock.systemUTC());
        Router router = new Router(new RouterConfig(Map.of(), null), List.of(d));
        Router small = new Router(new RouterConfig(Map.of("chat", "small"), null), List.of(d)); // the gateway's stratus/small
        return new AiEngine(router, Map.of(Tier.SMALL, small), ResilientChat.create(ContinuityConfig.defaults(), cooldowns, x -> client),
                cooldowns, new Redactor(RedactionConfig.defaults()), budgets, new Bucket4jRateLimiter(RateLimitConfig.defaults(), Clock.systemUTC()),
                audit, AiMetrics.NOOP, false);
    }

    RunSink sink() {
        return new RunSink() {
            @Override
            public void text(String delta) {
                shown.add(delta);
            }

            @Override
            public void notice(String kind, String message, Integer discardedChars) {
            }
        };
    }

    static Run run() {
        return new Run("alice", "alice", null, "gateway", Task.CHAT, "hi", null, List.of(ChatMessage.user("hi")), List.of(), Tier.SMALL, 100);
    }

    @Test
    void theCallIsSentWhileTheReservationIsFlushedAndNoTextPassesBeforeTheFlushIsDone() throws Exception {
        AiEngine engine = engine();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return engine.run(run(), sink()).text();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Runnable flush = flushes.poll(10, TimeUnit.SECONDS);
        assertThat(flush).as("the reservation's flush was started").isNotNull();
        assertThat(called.await(10, TimeUnit.SECONDS)).as("the provider is called before the flush is done").isTrue();
        assertThat(shown).as("no text before the flush").isEmpty();
        assertThat(answer).isNotDone();
        flush.run();
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(shown).containsExactly("hello");
    }
}
