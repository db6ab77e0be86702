package dev.stratus.extension.api;

import java.nio.charset.StandardCharsets;

/**
 * A response to an HTTP request: a body in memory, or one written as it is produced (a stream of
 * server-sent events).
 *
 * @param status the status code (100-599)
 * @param contentType the {@code Content-Type}
 * @param body the body (empty for a streamed response)
 * @param writer writes a streamed body, or null
 * @param headers more response headers, by name; only those in {@link #HEADERS} (since 1.3)
 * @since 1.0
 */
public record HttpResponse(int status, String contentType, byte[] body, BodyWriter writer, java.util.Map<String, String> headers) {

    /**
     * The headers an extension may set. The server sets the others: security headers, caching,
     * cookies and the like are its own, the same on every route. {@code X-Should-Retry} (since
     * 1.5) tells OpenAI's client libraries whether an error is worth trying again, whatever its
     * status: {@code false} on a 429 that waiting seconds will not mend.
     *
     * @since 1.3
     */
    public static final java.util.Set<String> HEADERS = java.util.Set.of("Retry-After", "ETag", "Last-Modified",
            "Content-Disposition", "Content-Language", "X-Should-Retry");

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException for a status outside 100-599, a missing content type or
     *     body, or a header not in {@link #HEADERS} or whose value holds a line break
     * @since 1.0
     */
    public HttpResponse {
        if (status < 100 || status > 599 || contentType == null || body == null) {
            throw new IllegalArgumentException("status 100-599, contentType and body are required");
        }
        java.util.Map<String, String> named = new java.util.LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                String known = HEADERS.stream().filter(h -> h.equalsIgnoreCase(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("an extension may not set the header " + name
                                + "; it may set " + new java.util.TreeSet<>(HEADERS)));
                if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("the value of " + known + " must be one line");
                }
                named.put(known, value);
            });
        }
        headers = java.util.Collections.unmodifiableMap(named);
    }

    /**
     * A response without further headers.
     *
     * @param status the status code (100-599)
     * @param contentType the {@code Content-Type}
     * @param body the body (empty for a streamed response)
     * @param writer writes a streamed body, or null
     * @since 1.0
     */
    public HttpResponse(int status, String contentType, byte[] body, BodyWriter writer) {
        this(status, contentType, body, writer, java.util.Map.of());
    }

    /**
     * This response with one more header, say {@code Retry-After} on a 429 or 503.
     *
     * @param name one of {@link #HEADERS}, in any case
     * @param value its value, one line
     * @return the new response
     * @throws IllegalArgumentException for a header not in {@link #HEADERS} or a value with a line break
     * @since 1.3
     */
    public HttpResponse withHeader(String name, String value) {
        java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpResponse(status, contentType, body, writer, more);
    }

    /**
     * A response with its body in memory.
     *
     * @param status the status code (100-599)
     * @param contentType the {@code Content-Type}
     * @param body the body
     * @since 1.0
     */
    public HttpResponse(int status, String contentType, byte[] body) {
        this(status, contentType, body, null);
    }

    /**
     * A response whose body is written as it is produced. The writer runs after the handler
     * returned, on the request's thread; each {@code flush()} sends what was written. It is not
     * bound by the call time limit (a stream may last long), but stops with an
     * {@code IOException} when the client goes away.
     *
     * @param status the status code (100-599)
     * @param contentType the {@code Content-Type}, for example {@code text/event-stream}
     * @param writer writes the body
     * @return the response
     * @since 1.0
     */
    public static HttpResponse streaming(int status, String contentType, BodyWriter writer) {
        if (writer == null) {
            throw new IllegalArgumentException("writer is required");
        }
        return new HttpResponse(status, contentType, new byte[0], writer);
    }

    /**
     * Writes a streamed body.
     *
     * @since 1.0
     */
    @FunctionalInterface
    public interface BodyWriter {

        /**
         * Writes the body. The response ends when this returns, or earlier when {@code out} is
         * closed: a writer may finish its client's response and then go on with work the client
         * need not wait for. A writer that throws before it closed {@code out} has the
         * connection dropped, so that its client sees a cut body, never one that looks complete;
         * one that throws before anything was written gets a 500 with an incident id (since 1.4).
         *
         * @param out the response body; flush to send what was written so far
         * @throws java.io.IOException when the client went away
         * @since 1.0
         */
        void write(java.io.OutputStream out) throws java.io.IOException;
    }

    /**
     * What the host's streamed body also is: a body that bytes can be sent to from any thread
     * without blocking it, say the thread of an HTTP client that delivers an upstream's stream.
     * Bytes sent go after everything written and flushed before, in the order sent. What the
     * client has not taken yet waits in memory; while more than a bound (64 KiB) waits, the
     * client is not keeping up: stop sending from threads that must not block, and let the
     * writer's own thread carry on, whose {@code flush()} waits until the client keeps up again.
     *
     * <pre>{@code
     * if (out instanceof HttpResponse.NonBlockingBody body) { ... body.send(bytes) ... }
     * }</pre>
     *
     * @since 1.2
     */
    public interface NonBlockingBody {

        /**
         * Sends {@code bytes} without blocking.
         *
         * @param bytes what to send (not copied: do not change it afterwards)
         * @return whether the client still keeps up ({@link #keepingUp})
         * @throws java.io.IOException when the client went away or the body was closed
         * @since 1.2
         */
        boolean send(byte[] bytes) throws java.io.IOException;

        /**
         * Whether the client keeps up: at most the bound of sent bytes waits for it.
         *
         * @return true while sending more does not pile up
         * @since 1.2
         */
        boolean keepingUp();
    }

    /**
     * What the host's streamed body also is: until anything is written or sent to it, the
     * response can still become another one, whole, with its own status and headers. A writer
     * whose status depends on work that may outlast the call time limit (a model's answer) or
     * fail before any of the body is ready writes nothing until it knows, then either begins the
     * body or answers instead:
     *
     * <pre>{@code
     * return HttpResponse.streaming(200, "application/json", out -> {
     *     HttpResponse answer = longWork();               // not bound by the call time limit
     *     ((HttpResponse.Unsent) out).answerInstead(answer); // say a 503 with Retry-After, or the 200
     * });
     * }</pre>
     *
     * @since 1.4
     */
    public interface Unsent {

        /**
         * Answers with {@code response} instead of the streamed one, if nothing was written or
         * sent yet. The body then ends; writing to it afterwards fails.
         *
         * @param response the answer, its body in memory
         * @return true when it was sent; false when the streamed body had already begun (it goes
         *     on as it began)
         * @throws IllegalArgumentException for a streamed {@code response}
         * @throws java.io.IOException when the client went away
         * @since 1.4
         */
        boolean answerInstead(HttpResponse response) throws java.io.IOException;
    }

    /**
     * What the host's streamed body also is: a body that tells when its client has gone away
     * (closed its connection), even while nothing is written to it. A writer that waits for work
     * before its first byte (a model's answer) would otherwise learn of it only when it writes,
     * and the work would run to its end for nobody:
     *
     * <pre>{@code
     * Thread writer = Thread.currentThread();
     * try (Registration gone = ((HttpResponse.Watched) out).onClientGone(writer::interrupt)) {
     *     answer = longWork();   // interrupted when the client leaves
     * }
     * }</pre>
     *
     * <p>The host watches an HTTP/1.1 connection, from a fifth of a second after the first
     * listener (a quick response costs nothing for it; a client gone before then is noticed
     * then); a client that sends its next request on it before this response ended is taken to
     * be there for the rest of this one. A client that shuts down only its sending side after
     * its request (a half-close) counts as gone: on the socket it looks the same as a close, and
     * proxies in front (nginx, Envoy) take it so too. Writes to a client that left still fail
     * with an {@code IOException}, as before.
     *
     * @since 1.5
     */
    public interface Watched {

        /**
         * Runs {@code listener} once when the client goes away before the response ended; at
         * once if it already has. It runs on a thread of the host's, not the writer's: it should
         * only signal the writer (interrupt its thread, cancel a future, set a flag), never block
         * or write the body. It does not run once the response ended or the registration is
         * closed; an exception it throws is logged by the host.
         *
         * @param listener what to run
         * @return closing it stops listening
         * @since 1.5
         */
        Registration onClientGone(Runnable listener);
    }

    /**
     * 200 with a JSON body.
     *
     * @param json JSON text
     * @return the response
     * @since 1.0
     */
    public static HttpResponse json(String json) {
        return new HttpResponse(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * 200 with a plain-text body.
     *
     * @param text the text
     * @return the response
     * @since 1.0
     */
    public static HttpResponse text(String text) {
        return new HttpResponse(200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
}
