package dev.stratus.ai.continuity;

import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderClient;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.ProviderException.Kind;
import dev.stratus.ai.model.StreamEvent;
import dev.stratus.ai.model.Usage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A provider client whose deployments follow a script: each call takes the deployment's next
 * step, and the last step repeats once the script runs out. Thread-safe.
 */
final class ScriptedClient implements ProviderClient {

    /** What one call does. */
    @FunctionalInterface
    interface Step {
        ChatResult run(Consumer<StreamEvent> events);
    }

    private final Map<String, Deque<Step>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    ScriptedClient on(String deployment, Step... steps) {
        scripts.put(deployment, new ArrayDeque<>(List.of(steps)));
        return this;
    }

    int calls(String deployment) {
        AtomicInteger n = calls.get(deployment);
        return n == null ? 0 : n.get();
    }

    @Override
    public ChatResult stream(Deployment deployment, ChatRequest request, Consumer<StreamEvent> events) {
        calls.computeIfAbsent(deployment.name(), n -> new AtomicInteger()).incrementAndGet();
        Deque<Step> script = scripts.get(deployment.name());
        if (script == null) {
            throw new AssertionError("no script for " + deployment.name());
        }
        Step step;
        synchronized (script) {
            step = script.size() > 1 ? script.poll() : script.peek();
        }
        return step.run(events);
    }

    /** Streams {@code text} in two pieces and finishes. */
    static Step answer(String text) {
        return events -> {
            int half = text.length() / 2;
            events.accept(new StreamEvent.TextDelta(text.substring(0, half)));
            events.accept(new StreamEvent.TextDelta(text.substring(half)));
            events.accept(new StreamEvent.UsageReport(new Usage(10, 5)));
            events.accept(new StreamEvent.Finished("stop"));
            return new ChatResult(text, List.of(), new Usage(10, 5), "stop");
        };
    }

    /** Like {@link #answer}, the first text after {@code firstToken} and the end after {@code rest}. */
    static Step slowAnswer(FakeTime time, Duration firstToken, Duration rest, String text) {
        return events -> {
            time.advance(firstToken);
            events.accept(new StreamEvent.TextDelta(text));
            time.advance(rest);
            events.accept(new StreamEvent.Finished("stop"));
            return new ChatResult(text, List.of(), Usage.NONE, "stop");
        };
    }

    static Step fail(Kind kind, Duration retryAfter) {
        int status = switch (kind) {
            case RATE_LIMITED, QUOTA_EXHAUSTED -> 429;
            case OVERLOADED -> 503;
            case SERVER_ERROR -> 500;
            case AUTH -> 401;
            case BAD_REQUEST, CONTEXT_OVERFLOW -> 400;
            case TIMEOUT, UNREACHABLE, STREAM_CUT -> 0;
        };
        return events -> {
            throw new ProviderException(kind, status, retryAfter, kind.name().toLowerCase() + " from upstream");
        };
    }

    static Step fail(Kind kind) {
        return fail(kind, null);
    }

    /** A 400 context overflow whose error says the upstream serves {@code servedContext} tokens. */
    static Step overflow(int servedContext) {
        return events -> {
            throw new ProviderException(Kind.CONTEXT_OVERFLOW, 400, null,
                    "maximum context length is " + servedContext + " tokens", servedContext);
        };
    }

    /** Streams {@code partial}, then the connection drops. */
    static Step cut(String partial) {
        return events -> {
            if (!partial.isEmpty()) {
                events.accept(new StreamEvent.TextDelta(partial));
            }
            throw new ProviderException(Kind.STREAM_CUT, 0, null, "stream ended without a finish");
        };
    }

    /**
     * Signals {@code entered}, then hangs until interrupted, and reacts the way an HTTP client
     * wrapper would: restores the flag and reports a cut stream.
     */
    static Step hang(CountDownLatch entered) {
        return events -> {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
                throw new AssertionError("unreachable");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(Kind.STREAM_CUT, 0, null, "interrupted");
            }
        };
    }
}
