package dev.stratus.ai.provider;

import dev.stratus.ai.governance.TokenEstimator;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ChatResult;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderClient;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.StreamEvent;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The client for each wire format, sharing the HTTP clients (see {@link #create}). Is itself a
 * {@link ProviderClient} that sends each call to the client of its deployment's
 * {@link ProviderKind}.
 */
public final class ProviderClients implements ProviderClient, AutoCloseable {
    /** Bound on establishing a connection, whatever the deployment's timeout. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** HTTP clients (threads reading providers' answers) at most, whatever the processors. */
    static final int MAX_HTTP_CLIENTS = 4;

    private final List<HttpClient> http;
    private final boolean ownsHttp;
    private final AtomicInteger turn = new AtomicInteger();
    private final Map<ProviderKind, ProviderClient> clients = new EnumMap<>(ProviderKind.class);

    /** Clients over {@code http}, which the caller keeps and closes. */
    public ProviderClients(HttpClient http) {
        this(List.of(http), false);
    }

    private ProviderClients(List<HttpClient> http, boolean ownsHttp) {
        this.http = List.copyOf(http);
        this.ownsHttp = ownsHttp;
        Supplier<HttpClient> next = () -> this.http.get(Math.floorMod(turn.getAndIncrement(), this.http.size()));
        clients.put(ProviderKind.OPENAI, new OpenAiClient(next));
        clients.put(ProviderKind.ANTHROPIC, new AnthropicClient(next));
    }

    /**
     * Clients over HTTP clients of their own, closed with them: one per processor (at most
     * {@link #MAX_HTTP_CLIENTS}), calls taking turns. Each HTTP client reads its connections on
     * one thread of its own, and a streamed answer's chunks may be passed on right there
     * ({@link dev.stratus.ai.model.DirectSink}), so with one client every stream's chunks would
     * queue for one processor (at 50 streams on two processors the gateway's p99 rose by ~17 ms).
     */
    public static ProviderClients create() {
        int n = Math.clamp(Runtime.getRuntime().availableProcessors(), 1, MAX_HTTP_CLIENTS);
        List<HttpClient> http = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            http.add(newHttpClient());
        }
        return new ProviderClients(http, true);
    }

    /**
     * The HTTP client providers are called with: HTTP/1.1 (local servers behind uvicorn and
     * friends handle the JDK's h2c upgrade attempt badly, and streams gain nothing from HTTP/2),
     * no redirects (a redirected POST would silently change meaning), bounded connect. The
     * client's own completions run on its selector thread rather than being handed to a pool
     * thread first: what runs there (our body subscribers passing a chunk on, or queueing it for
     * the caller's virtual thread, the JDK's parsers) never blocks, and a streamed answer then
     * costs at most one thread switch per chunk instead of two (a quarter less CPU at 50
     * concurrent streams), none when the chunk is passed on right there.
     */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(Runnable::run)
                .build();
    }

    /** The client speaking {@code kind}. */
    public ProviderClient forKind(ProviderKind kind) {
        return clients.get(kind);
    }

    /** The client speaking {@code deployment}'s wire format. */
    public ProviderClient forDeployment(Deployment deployment) {
        return forKind(deployment.provider());
    }

    @Override
    public ChatResult stream(Deployment deployment, ChatRequest request, Consumer<StreamEvent> events) {
        return forDeployment(deployment).stream(deployment, request, events);
    }

    /** Stops the calls in flight (they fail as a lost connection does) rather than wait for their models to answer. */
    @Override
    public void close() {
        if (ownsHttp) {
            http.forEach(c -> {
                c.shutdownNow();
                c.close();
            });
        }
    }

    /**
     * The request's answer bound as the deployment can take it ({@link Deployment#outputRoom} for
     * the request's estimated prompt), never more than the request's; null when it has none.
     */
    static Integer boundFor(Deployment d, ChatRequest request) {
        return request.maxOutputTokens() == null ? null
                : Math.min(request.maxOutputTokens(), d.outputRoom(TokenEstimator.promptTokens(request)));
    }
}
