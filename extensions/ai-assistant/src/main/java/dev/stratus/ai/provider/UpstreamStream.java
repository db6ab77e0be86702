package dev.stratus.ai.provider;

import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderException;
import dev.stratus.ai.model.ProviderException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One streaming call: sends the request, turns a non-2xx answer into a classified
 * {@link ProviderException}, then hands out server-sent events, every wait bounded by the
 * deployment's timeout.
 *
 * <p>Timing rules: no response headers, or headers but no body byte, within the timeout is
 * {@link Kind#TIMEOUT}, a connection nothing took (refused, host unknown, no route)
 * {@link Kind#UNREACHABLE}; once bytes flowed, a silence as long as the
 * timeout, a broken connection or an early end is {@link Kind#STREAM_CUT}. An interrupted caller
 * gets a {@link CancellationException}, which is not a provider failure.
 */
final class UpstreamStream implements AutoCloseable {
    /** Endpoints already parsed: each call to a deployment goes to the same one. */
    private static final Map<String, URI> RESOLVED = new ConcurrentHashMap<>();
    /** Used when a deployment sets no timeout. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** How long the end of a complete answer's body may take before its connection is dropped. */
    private static final Duration DISCARD_BOUND = Duration.ofSeconds(5);

    /** The most a whole JSON answer (a server that does not stream) may hold. */
    private static final int MAX_WHOLE_ANSWER = 8 * 1024 * 1024;

    private final Deployment deployment;
    private final IdleTimeoutBody body;
    private final SseReader events;
    private final boolean json;
    private boolean answered;

    private UpstreamStream(Deployment deployment, IdleTimeoutBody body, boolean json) {
        this.deployment = deployment;
        this.body = body;
        this.events = new SseReader(body.stream());
        this.json = json;
    }

    static Duration timeoutOf(Deployment d) {
        return d.timeout() != null && d.timeout().isPositive() ? d.timeout() : DEFAULT_TIMEOUT;
    }

    /**
     * {@code base} joined with {@code path}, whether or not base's path ends in a slash; a query
     * base has ({@code ?api-version=2024-06-01}, as Azure's endpoints take) stays at the end.
     */
    static URI resolve(URI base, String path) {
        String key = base + " " + path;
        URI known = RESOLVED.get(key);
        if (known != null) {
            return known;
        }
        if (RESOLVED.size() > 1_000) {
            RESOLVED.clear(); // a few deployments' endpoints belong here; never let it grow unbounded
        }
        String b = base.getRawPath() == null ? "" : base.getRawPath();
        String full = base.getScheme() + "://" + base.getRawAuthority() + (b.endsWith("/") ? b : b + "/") + path
                + (base.getRawQuery() == null ? "" : "?" + base.getRawQuery());
        URI uri = URI.create(full);
        RESOLVED.put(key, uri);
        return uri;
    }

    /** Posts {@code json} and returns the open event stream of a 2xx answer. */
    static UpstreamStream open(HttpClient http, Deployment d, HttpRequest.Builder request, byte[] json) {
        Duration timeout = timeoutOf(d);
        HttpRequest req = request
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        // The wait for the response's head is bounded here, not by HttpRequest.timeout: the HTTP
        // client would register a timer for it, and wake its selector thread to do so, on every
        // call. Nor by a timed get, whose timer wakes the JDK's virtual-thread timer thread twice
        // per call: the deadline is a task on the watchdog thread (IdleTimeoutBody.deadline).
        CompletableFuture<HttpResponse<IdleTimeoutBody>> sent = http.sendAsync(req, info -> new IdleTimeoutBody(timeout));
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = IdleTimeoutBody.deadline(timeout, () -> {
            late.set(true);
            sent.cancel(true); // the client fails the exchange, which may reach get() as its failure
        });
        HttpResponse<IdleTimeoutBody> response;
        try {
            response = sent.get();
        } catch (CancellationException e) { // only the deadline cancels it
            throw ProviderErrors.transport(d, Kind.TIMEOUT, "no response within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // past the deadline, or connecting took longer than the client's connect timeout
            if (late.get() || cause instanceof HttpTimeoutException) {
                throw ProviderErrors.transport(d, Kind.TIMEOUT, "no response within " + timeout.toMillis() + " ms");
            }
            if (cause instanceof ConnectException) {
                throw ProviderErrors.unreachable(d, cause);
            }
            throw ProviderErrors.transport(d, Kind.STREAM_CUT, "connection failed before the answer: "
                    + (cause == null ? e.getMessage() : cause.getMessage()));
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while calling " + d.name());
        } finally {
            deadline.cancel(false);
        }
        IdleTimeoutBody body = response.body();
        int status = response.statusCode();
        if (status / 100 != 2) {
            String text = readBounded(body);
            body.close();
            throw ProviderErrors.forStatus(d, status, response.headers(), text);
        }
        boolean whole = response.headers().firstValue("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT)
                .startsWith("application/json");
        return new UpstreamStream(d, body, whole);
    }

    /**
     * Whether the server answered with one JSON document instead of events: some
     * OpenAI-compatible servers ignore {@code stream: true}.
     */
    boolean isJson() {
        return json;
    }

    /**
     * The whole body, for {@link #isJson} answers.
     *
     * @throws ProviderException as {@link #next} does, or {@link Kind#SERVER_ERROR} past
     *     {@link #MAX_WHOLE_ANSWER} bytes
     */
    String whole() {
        try {
            byte[] bytes = body.stream().readNBytes(MAX_WHOLE_ANSWER + 1);
            if (bytes.length > MAX_WHOLE_ANSWER) {
                throw ProviderErrors.transport(deployment, Kind.SERVER_ERROR,
                        "the answer is larger than " + MAX_WHOLE_ANSWER / (1024 * 1024) + " MiB");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * The next event, or null when the server ended the body.
     *
     * @throws ProviderException {@link Kind#TIMEOUT} before the first byte, else {@link Kind#STREAM_CUT}
     */
    SseReader.Event next() {
        try {
            return events.next();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * Hands the answer's bytes to {@code handler}, on the HTTP client's thread while it can take
     * them there ({@link IdleTimeoutBody#pump}); its own exceptions pass unchanged.
     *
     * @return true when the handler wanted no more, false when the server ended the body
     * @throws ProviderException as {@link #next} does
     */
    boolean pump(IdleTimeoutBody.Handler handler) {
        try {
            return body.pump(handler);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private RuntimeException failure(IOException e) {
        if (e instanceof IdleTimeoutBody.IdleException) {
            Kind kind = body.received() == 0 ? Kind.TIMEOUT : Kind.STREAM_CUT;
            return ProviderErrors.transport(deployment, kind, "no data for " + timeoutOf(deployment).toMillis() + " ms");
        }
        if (e instanceof InterruptedIOException) {
            return new CancellationException("interrupted while reading from " + deployment.name());
        }
        return ProviderErrors.transport(deployment, Kind.STREAM_CUT, "connection broke mid-answer: " + e.getMessage());
    }

    /** The failure for a stream that ended without the provider's finish. */
    ProviderException cut(String why) {
        return ProviderErrors.transport(deployment, Kind.STREAM_CUT, why);
    }

    /**
     * The provider said the answer is complete ({@code [DONE]}, {@code message_stop}): what
     * follows is only the body's end, which {@link #close} then lets arrive in the background
     * so the connection is reused, rather than cancelling the download.
     */
    void answered() {
        answered = true;
    }

    @Override
    public void close() {
        if (answered) {
            body.discardRest(DISCARD_BOUND);
        } else {
            body.close();
        }
    }

    private static String readBounded(IdleTimeoutBody body) {
        byte[] buf = new byte[MAX_ERROR_BODY];
        int n = 0;
        try {
            int r;
            while (n < buf.length && (r = body.stream().read(buf, n, buf.length - n)) > 0) {
                n += r;
            }
        } catch (IOException e) {
            // the status alone classifies the failure; the text is a courtesy
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
