package dev.stratus.ai.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A model provider for tests: a real HTTP/1.1 server on 127.0.0.1 (random port) that speaks the
 * OpenAI chat-completions and Anthropic Messages wire formats and does exactly what the test
 * scripted, including the failures real providers have.
 *
 * <pre>{@code
 * try (ScriptedUpstream upstream = ScriptedUpstream.start()) {
 *     upstream.openAi()
 *             .thenStatus(429, Map.of("Retry-After", "2"))          // 1st request: rate limited
 *             .thenStream("Hello", " world");                       // 2nd: streams two deltas, finishes
 *     upstream.anthropic()
 *             .thenStream(Answer.text("Par").thenFail("overloaded_error", "Overloaded"));
 *     Deployment d = ...baseUrl(upstream.openAiBaseUrl())...;
 *     ...
 *     assertThat(upstream.requests()).hasSize(2);
 *     assertThat(upstream.lastRequest().header("authorization")).isEqualTo("Bearer k");
 * }
 * }</pre>
 *
 * <p>Endpoints: {@code POST .../chat/completions} takes the next step of {@link #openAi()},
 * {@code POST .../completions} (text completions) of {@link #openAiCompletions},
 * {@code POST .../v1/messages} of {@link #anthropic()}. Steps scripted for a model
 * ({@link #openAi(String)}) are served first to requests naming that model, so deployments that
 * share one upstream can be scripted apart. A chat request with no step left gets a 500 saying
 * so. Fixed answers for other paths ({@link #models}, {@link #props}, {@link #ollamaShow},
 * {@link #route}) serve every request; any other path is a 404.
 *
 * <p>Steps ({@link UpstreamScript}), one per request:
 * <ul>
 *   <li>{@code thenStream("Hel", "lo")}: text in two deltas, finish, usage, end marker;</li>
 *   <li>{@code thenStream(Answer...)}: tool calls with arguments split across chunks, usage,
 *       {@code chunkDelay}/{@code headersDelay}, and an ending other than a clean finish:
 *       {@code thenCutConnection()} (socket reset mid-body), {@code thenStall()} (silence, connection
 *       open), {@code thenEndWithoutFinish()} (clean body end, no finish or {@code [DONE]}),
 *       {@code thenFail("overloaded_error", "Overloaded")} (in-stream error event);</li>
 *   <li>{@code thenCut("partial", " text")}: shorthand for text then a reset;</li>
 *   <li>{@code thenEvents("data: {...}\n\n", ...)}: a 200 event stream of exactly those bytes
 *       (a real server's quirks quoted as they are sent);</li>
 *   <li>{@code thenStatus(429, Map.of("Retry-After", "2"))}, {@code thenStatus(529)},
 *       {@code thenStatus(400, Map.of(), body)}: an error status with the format's real error body
 *       (or the one given);</li>
 *   <li>{@code thenHang()}: reads the request, never sends a byte (timeout before headers);
 *       {@code thenHeadersOnly()}: 200 headers, then no body byte;</li>
 *   <li>{@code thenJson(200, body)}: a plain JSON reply (the probe's tool request gets one).</li>
 * </ul>
 * With {@link #acceptOnlyKey}, a request without that key gets the provider's 401, in its exact
 * error shape, without taking a step.
 * A Messages request the real API refuses (first turn not a user's, blank text, trailing
 * whitespace ending a final assistant turn, a whitespace stop sequence) gets its 400 and message
 * without taking a step ({@link MessagesApiRules}).
 * Each response closes its connection, so a step is exactly one request; hangs and stalls end
 * when the client gives up or the upstream closes. Every request is recorded
 * ({@link #requests()}) before it is served, headers and body as received, for header and
 * redaction assertions.
 */
public final class ScriptedUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final Map<String, Deque<UpstreamScript.Step>> steps = new ConcurrentHashMap<>();
    private final Map<String, RouteAnswer> routes = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile String acceptedKey;

    private record RouteAnswer(int status, String body) {
    }

    private ScriptedUpstream(ServerSocket server) {
        this.server = server;
        Thread.ofPlatform().daemon().name("scripted-upstream-" + server.getLocalPort()).start(this::acceptLoop);
    }

    /** Starts a server on a free loopback port. */
    public static ScriptedUpstream start() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new ScriptedUpstream(socket);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the Anthropic base URL, and the root of local servers. */
    public URI root() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** {@code http://127.0.0.1:<port>/v1}, the base URL of an OpenAI-compatible deployment. */
    public URI openAiBaseUrl() {
        return URI.create(root() + "/v1");
    }

    /** {@link #root()}, the base URL of an Anthropic deployment. */
    public URI anthropicBaseUrl() {
        return root();
    }

    /** The script of {@code POST .../chat/completions} for any model. */
    public UpstreamScript openAi() {
        return new UpstreamScript(this, WireRenderer.OPENAI, key(WireRenderer.OPENAI, null));
    }

    /** The script of {@code POST .../chat/completions} for requests naming {@code model}. */
    public UpstreamScript openAi(String model) {
        return new UpstreamScript(this, WireRenderer.OPENAI, key(WireRenderer.OPENAI, model));
    }

    /** The script of {@code POST .../completions} (text completions) for any model. */
    public UpstreamScript openAiCompletions() {
        return new UpstreamScript(this, WireRenderer.OPENAI_COMPLETIONS, key(WireRenderer.OPENAI_COMPLETIONS, null));
    }

    /** The script of {@code POST .../completions} (text completions) for requests naming {@code model}. */
    public UpstreamScript openAiCompletions(String model) {
        return new UpstreamScript(this, WireRenderer.OPENAI_COMPLETIONS, key(WireRenderer.OPENAI_COMPLETIONS, model));
    }

    /** The script of {@code POST .../v1/messages} for any model. */
    public UpstreamScript anthropic() {
        return new UpstreamScript(this, WireRenderer.ANTHROPIC, key(WireRenderer.ANTHROPIC, null));
    }

    /** The script of {@code POST .../v1/messages} for requests naming {@code model}. */
    public UpstreamScript anthropic(String model) {
        return new UpstreamScript(this, WireRenderer.ANTHROPIC, key(WireRenderer.ANTHROPIC, model));
    }

    /** Answers every {@code method path} (path without query) with {@code status} and JSON {@code body}. */
    public ScriptedUpstream route(String method, String path, int status, String body) {
        routes.put(method.toUpperCase(Locale.ROOT) + " " + path, new RouteAnswer(status, body));
        return this;
    }

    /** {@code GET /v1/models} (vLLM, llama.cpp, Ollama, LM Studio, OpenAI listings). */
    public ScriptedUpstream models(String json) {
        return route("GET", "/v1/models", 200, json);
    }

    /** {@code GET /props} (llama.cpp server). */
    public ScriptedUpstream props(String json) {
        return route("GET", "/props", 200, json);
    }

    /** {@code POST /api/show} (Ollama). */
    public ScriptedUpstream ollamaShow(String json) {
        return route("POST", "/api/show", 200, json);
    }

    /**
     * From now on, answers every request that does not carry {@code key} (in {@code Authorization: Bearer},
     * {@code api-key} or {@code x-api-key}) with the provider's 401, as a revoked key gets: OpenAI's
     * {@code invalid_api_key} error quoting the key's ends, Anthropic's {@code authentication_error}
     * on its Messages path. A refused request takes no step. Null accepts any key again.
     */
    public ScriptedUpstream acceptOnlyKey(String key) {
        this.acceptedKey = key;
        return this;
    }

    /** Every request received so far, in order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * The requests for a model's answer ({@code POST .../chat/completions}, {@code .../completions}, {@code .../v1/messages}),
     * in order: without the probes' metadata requests, which an assistant starting sends when it will.
     */
    public List<RecordedRequest> chatRequests() {
        return requests.stream().filter(r -> {
            String path = r.path().replaceFirst("\\?.*", "");
            return r.method().equals("POST") && (path.endsWith("/completions") || path.endsWith("/v1/messages"));
        }).toList();
    }

    /** The latest request received. */
    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("no request received");
        }
        return requests.getLast();
    }

    /** Scripted steps no request has taken yet. */
    public int unusedSteps() {
        return steps.values().stream().mapToInt(Queue::size).sum();
    }

    /** Connections open now: being served, or held open by a hang or a stall until their client hangs up. */
    public int openConnections() {
        return open.size();
    }

    /** Stops listening and drops every open connection (ending hangs and stalls). */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    void enqueue(String key, UpstreamScript.Step step) {
        steps.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).add(step);
    }

    private static String key(WireRenderer wire, String model) {
        return wire + " " + (model == null ? "*" : model);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("scripted upstream: accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            RecordedRequest request = readRequest(in);
            if (request == null) {
                return;
            }
            requests.add(request);
            String path = request.path().replaceFirst("\\?.*", "");
            String model = modelOf(request);
            WireRenderer wire = request.method().equals("POST") && path.endsWith("/chat/completions") ? WireRenderer.OPENAI
                    : request.method().equals("POST") && path.endsWith("/completions") ? WireRenderer.OPENAI_COMPLETIONS
                    : request.method().equals("POST") && path.endsWith("/v1/messages") ? WireRenderer.ANTHROPIC : null;
            Exchange exchange = new Exchange(socket, in, request, model == null ? "scripted-model" : model);
            RouteAnswer route = routes.get(request.method() + " " + path);
            String accepted = acceptedKey;
            String sent = keyOf(request);
            if (accepted != null && !accepted.equals(sent)) {
                exchange.respond(401, Map.of(), "application/json", path.endsWith("/v1/messages") ? ANTHROPIC_REFUSED
                        : openAiRefused(sent));
            } else if (route != null) {
                exchange.respond(route.status(), Map.of(), "application/json", route.body());
            } else if (wire == WireRenderer.ANTHROPIC && MessagesApiRules.refusal(request.json()) != null) {
                exchange.respond(400, Map.of(), "application/json", WireRenderer.JSON.createObjectNode().put("type", "error")
                        .set("error", WireRenderer.JSON.createObjectNode().put("type", "invalid_request_error")
                                .put("message", MessagesApiRules.refusal(request.json()))).toString());
            } else if (wire != null) {
                UpstreamScript.Step step = next(wire, model);
                if (step == null) {
                    exchange.respond(500, Map.of(), "application/json",
                            "{\"error\":{\"message\":\"ScriptedUpstream: no scripted answer left for " + path + "\"}}");
                } else {
                    step.serve(exchange);
                }
            } else {
                exchange.respond(404, Map.of(), "application/json", "{\"error\":{\"message\":\"not found: " + path + "\"}}");
            }
        } catch (Exception e) {
            if (!closed && !socket.isClosed()) {
                System.err.println("scripted upstream: " + e);
            }
        } finally {
            open.remove(socket);
        }
    }

    /** Anthropic's answer to a wrong or revoked {@code x-api-key}, as its API sends it. */
    private static final String ANTHROPIC_REFUSED = "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
            + "\"message\":\"invalid x-api-key\"},\"request_id\":\"req_011CScriptedUpstream\"}";

    /** OpenAI's answer to a wrong or revoked key, as its API sends it: the key's ends quoted, the middle starred. */
    private static String openAiRefused(String key) {
        String shown = key == null ? "" : key.length() <= 8 ? "***" : key.substring(0, 3) + "*".repeat(key.length() - 7)
                + key.substring(key.length() - 4);
        return WireRenderer.JSON.createObjectNode().set("error", WireRenderer.JSON.createObjectNode()
                .put("message", "Incorrect API key provided: " + shown
                        + ". You can find your API key at https://platform.openai.com/account/api-keys.")
                .put("type", "invalid_request_error").putNull("param").put("code", "invalid_api_key")).toString();
    }

    /** The key a request carries: {@code x-api-key}, {@code api-key} or a bearer token; null when none. */
    private static String keyOf(RecordedRequest request) {
        String bearer = request.header("authorization");
        return request.header("x-api-key") != null ? request.header("x-api-key") : request.header("api-key") != null
                ? request.header("api-key") : bearer != null && bearer.startsWith("Bearer ") ? bearer.substring(7) : null;
    }

    private UpstreamScript.Step next(WireRenderer wire, String model) {
        if (model != null) {
            Deque<UpstreamScript.Step> forModel = steps.get(key(wire, model));
            UpstreamScript.Step step = forModel == null ? null : forModel.poll();
            if (step != null) {
                return step;
            }
        }
        Deque<UpstreamScript.Step> any = steps.get(key(wire, null));
        return any == null ? null : any.poll();
    }

    private static String modelOf(RecordedRequest request) {
        if (request.body().isBlank()) {
            return null;
        }
        try {
            JsonNode model = request.json().get("model");
            return model == null ? null : model.asText();
        } catch (IllegalStateException notJson) {
            return null;
        }
    }

    private static RecordedRequest readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        byte[] body;
        List<String> length = headers.get("content-length");
        List<String> encoding = headers.get("transfer-encoding");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.getFirst()));
        } else if (encoding != null && encoding.getFirst().equalsIgnoreCase("chunked")) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size; (size = Integer.parseInt(readLine(in).split(";")[0].strip(), 16)) > 0; ) {
                all.write(in.readNBytes(size));
                readLine(in);
            }
            readLine(in);
            body = all.toByteArray();
        } else {
            body = new byte[0];
        }
        return new RecordedRequest(parts[0], parts[1], headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return null;
    }
}
