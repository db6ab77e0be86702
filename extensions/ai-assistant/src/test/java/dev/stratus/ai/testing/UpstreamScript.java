package dev.stratus.ai.testing;

import java.util.Map;

/**
 * The answers one endpoint of a {@link ScriptedUpstream} gives, one per request, in the order
 * scripted. Every method appends a step and returns this script, so a test reads top to bottom
 * as the upstream will behave.
 */
public final class UpstreamScript {

    /** What one request gets. */
    @FunctionalInterface
    interface Step {
        void serve(Exchange exchange) throws Exception;
    }

    private final ScriptedUpstream upstream;
    private final WireRenderer wire;
    private final String key;

    UpstreamScript(ScriptedUpstream upstream, WireRenderer wire, String key) {
        this.upstream = upstream;
        this.wire = wire;
        this.key = key;
    }

    /** A complete streamed answer with text in {@code chunks}. */
    public UpstreamScript thenStream(String... chunks) {
        return thenStream(Answer.text(chunks));
    }

    /** A streamed answer as {@code answer} describes it (tool calls, usage, delays, cuts, errors). */
    public UpstreamScript thenStream(Answer answer) {
        return add(exchange -> {
            Exchange.pause(answer.headersDelay);
            exchange.startStream();
            for (String event : wire.events(answer, exchange.model)) {
                Exchange.pause(answer.chunkDelay);
                exchange.chunk(event);
            }
            switch (answer.ending) {
                case CUT -> exchange.cut();
                case STALL -> exchange.hold();
                default -> exchange.endStream();
            }
        });
    }

    /**
     * A 200 event stream of exactly {@code events} (each flushed on its own, as written, so a
     * test can quote a real server's bytes: its comments, its field names, its lack of
     * {@code [DONE]}), then a clean end of the body.
     */
    public UpstreamScript thenEvents(String... events) {
        return add(exchange -> {
            exchange.startStream();
            for (String event : events) {
                exchange.chunk(event);
            }
            exchange.endStream();
        });
    }

    /** Text in {@code chunks}, then the connection drops mid-answer. */
    public UpstreamScript thenCut(String... chunks) {
        return thenStream(Answer.text(chunks).thenCutConnection());
    }

    /** An error status with the wire format's usual error body. */
    public UpstreamScript thenStatus(int status) {
        return thenStatus(status, Map.of());
    }

    /** An error status with extra headers ({@code Retry-After}, {@code retry-after-ms}, ...). */
    public UpstreamScript thenStatus(int status, Map<String, String> headers) {
        return thenStatus(status, headers, wire.errorBody(status));
    }

    /** A status with headers and exactly {@code body} (JSON or not). */
    public UpstreamScript thenStatus(int status, Map<String, String> headers, String body) {
        return add(exchange -> exchange.respond(status, headers, "application/json", body));
    }

    /** A plain, non-streamed JSON response (the tool probe's request gets one). */
    public UpstreamScript thenJson(int status, String body) {
        return thenStatus(status, Map.of(), body);
    }

    /** Sends the 200 event-stream headers, then no body byte (a server stuck before generating). */
    public UpstreamScript thenHeadersOnly() {
        return add(exchange -> {
            exchange.startStream();
            exchange.hold();
        });
    }

    /** Reads the request and never answers: no status line, no byte. */
    public UpstreamScript thenHang() {
        return add(Exchange::hold);
    }

    private UpstreamScript add(Step step) {
        upstream.enqueue(key, step);
        return this;
    }
}
