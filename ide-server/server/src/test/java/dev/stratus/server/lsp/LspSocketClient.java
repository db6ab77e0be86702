package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An LSP client on the JDK's WebSocket speaking raw JSON, one message per text frame, as the
 * browser does: requests matched by id, every notification kept, and requests from the server
 * answered the way a minimal client would (a null per configuration item, null otherwise).
 */
final class LspSocketClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60);

    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> notifications = new ArrayList<>();
    private final List<JsonNode> serverRequests = new ArrayList<>();
    private final List<JsonNode> unmatched = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private volatile WebSocket ws;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private LspSocketClient() {
    }

    static LspSocketClient connect(URI uri, Map<String, String> headers) throws Exception {
        return connectAsync(uri, headers).get(10, TimeUnit.SECONDS);
    }

    static CompletableFuture<LspSocketClient> connectAsync(URI uri, Map<String, String> headers) {
        LspSocketClient c = new LspSocketClient();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        return b.buildAsync(uri, c.new Listener()).thenApply(w -> c);
    }

    /** {@code initialize} as Monaco's client sends it (no root), then {@code initialized}; returns the result. */
    JsonNode initialize() throws Exception {
        ObjectNode params = JSON.createObjectNode();
        params.putNull("processId");
        params.putNull("rootUri");
        params.putObject("capabilities");
        JsonNode r = result("initialize", params);
        notify("initialized", JSON.createObjectNode());
        return r;
    }

    /** Sends a request; returns the whole response message. */
    JsonNode request(String method, Object params) throws Exception {
        return requestAsync(method, params).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    CompletableFuture<JsonNode> requestAsync(String method, Object params) {
        long id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        msg.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        sendText(msg.toString());
        return f;
    }

    /** The result of a request that must succeed. */
    JsonNode result(String method, Object params) throws Exception {
        JsonNode r = request(method, params);
        if (r.has("error")) {
            throw new AssertionError(method + " failed: " + r.get("error"));
        }
        return r.get("result");
    }

    void notify(String method, Object params) {
        ObjectNode msg = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        msg.set("params", JSON.valueToTree(params));
        sendText(msg.toString());
    }

    /** {@code textDocument/didOpen} of {@code file:///workspace/<path>}. */
    void open(String path, String languageId, String text) {
        notify("textDocument/didOpen", Map.of("textDocument",
                Map.of("uri", LspTestServer.uri(path), "languageId", languageId, "version", 1, "text", text)));
    }

    synchronized void sendText(String text) {
        WebSocket w = ws;
        sending = sending.handle((r, e) -> null).thenCompose(x -> w.sendText(text, true));
    }

    synchronized void sendBinary(byte[] data) {
        WebSocket w = ws;
        sending = sending.handle((r, e) -> null).thenCompose(x -> w.sendBinary(ByteBuffer.wrap(data), true));
    }

    /** Notifications received so far with {@code method}. */
    synchronized List<JsonNode> notifications(String method) {
        return notifications.stream().filter(n -> n.path("method").asText().equals(method)).toList();
    }

    synchronized List<JsonNode> serverRequests() {
        return List.copyOf(serverRequests);
    }

    synchronized List<JsonNode> unmatched() {
        return List.copyOf(unmatched);
    }

    synchronized void clearNotifications() {
        notifications.clear();
    }

    /** Waits for a notification with {@code method} whose params satisfy {@code test}. */
    JsonNode awaitNotification(String method, Predicate<JsonNode> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (this) {
                for (JsonNode n : notifications) {
                    if (n.path("method").asText().equals(method) && test.test(n.path("params"))) {
                        return n.get("params");
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Timed out waiting for " + method + "; got " + notifications(method));
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits for diagnostics of {@code file:///workspace/<path>} that contain one whose message contains {@code text}. */
    JsonNode awaitDiagnostic(String path, String text) throws InterruptedException {
        String uri = LspTestServer.uri(path);
        return awaitNotification("textDocument/publishDiagnostics", p -> p.path("uri").asText().equals(uri)
                && contains(p.path("diagnostics"), text), WAIT);
    }

    private static boolean contains(JsonNode diagnostics, String text) {
        for (JsonNode d : diagnostics) {
            if (d.path("message").asText().contains(text)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        WebSocket w = ws;
        if (w != null) {
            w.abort();
        }
    }

    /** Closes the socket politely and waits for the server's close frame. */
    void closeNormally() throws Exception {
        ws.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
        closeCode.get(10, TimeUnit.SECONDS);
    }

    private void onMessage(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (Exception e) {
            synchronized (this) {
                unmatched.add(JSON.createObjectNode().put("unparseable", text));
            }
            return;
        }
        if (node.has("method") && node.has("id")) {
            synchronized (this) {
                serverRequests.add(node);
            }
            answer(node);
            return;
        }
        if (node.has("method")) {
            synchronized (this) {
                notifications.add(node);
                notifyAll();
            }
            return;
        }
        JsonNode id = node.get("id");
        CompletableFuture<JsonNode> f = id != null && id.canConvertToLong() ? pending.remove(id.asLong()) : null;
        if (f != null) {
            f.complete(node);
        } else {
            synchronized (this) {
                unmatched.add(node);
            }
        }
    }

    private void answer(JsonNode request) {
        JsonNode result = NullNode.getInstance();
        if (request.get("method").asText().equals("workspace/configuration")) {
            ArrayNode nulls = JSON.createArrayNode();
            request.path("params").path("items").forEach(i -> nulls.addNull());
            result = nulls;
        }
        ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0");
        reply.set("id", request.get("id"));
        reply.set("result", result);
        sendText(reply.toString());
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                onMessage(message);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
            closeReason.complete(reason);
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closeCode.completeExceptionally(error);
            closeReason.completeExceptionally(error);
        }
    }
}
