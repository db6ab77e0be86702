package dev.stratus.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A minimal JSON-RPC 2.0 client over the JDK's WebSocket, one message per text frame. */
public final class RpcClient implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> notifications = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> unmatched = new LinkedBlockingQueue<>();
    private final AtomicInteger ids = new AtomicInteger();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    private RpcClient(WebSocket socket) {
        this.socket = socket;
    }

    public static RpcClient connect(URI uri, Map<String, String> headers) throws Exception {
        return connectAsync(uri, headers).get(10, TimeUnit.SECONDS);
    }

    public static CompletableFuture<RpcClient> connectAsync(URI uri, Map<String, String> headers) {
        Listener listener = new Listener();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        return b.buildAsync(uri, listener).thenApply(ws -> {
            RpcClient c = new RpcClient(ws);
            listener.client.complete(c);
            return c;
        });
    }

    /** Calls {@code method} and returns the whole response object. */
    public JsonNode call(String method, Object params) throws Exception {
        return call(method, params, Duration.ofSeconds(10));
    }

    /** Calls {@code method}, waiting up to {@code timeout} for the response (for long operations). */
    public JsonNode call(String method, Object params, Duration timeout) throws Exception {
        long id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            msg.set("params", JSON.valueToTree(params));
        }
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        sendRaw(JSON.writeValueAsString(msg));
        return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The result of a successful call; fails the test on an error response. */
    public JsonNode result(String method, Object params) throws Exception {
        JsonNode r = call(method, params);
        if (r.has("error")) {
            throw new AssertionError(method + " failed: " + r.get("error"));
        }
        return r.get("result");
    }

    /** The error code of a call that must fail. */
    public int errorCode(String method, Object params) throws Exception {
        JsonNode r = call(method, params);
        if (!r.has("error")) {
            throw new AssertionError(method + " " + params + " succeeded: " + r);
        }
        return r.get("error").get("code").asInt();
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** Starts sending without waiting: a server that refuses the frame may never read it all. */
    public void sendRawAsync(String text) {
        socket.sendText(text, true);
    }

    /** Next response without a known id (answers to raw or malformed messages). */
    public JsonNode nextUnmatched() throws InterruptedException {
        return unmatched.poll(10, TimeUnit.SECONDS);
    }

    public JsonNode nextNotification(long timeoutMs) throws InterruptedException {
        return notifications.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }

    private void onMessage(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node.has("method")) {
                notifications.add(node);
                return;
            }
            JsonNode id = node.get("id");
            CompletableFuture<JsonNode> f = id == null || id.isNull() ? null : pending.remove(id.asLong());
            if (f != null) {
                f.complete(node);
            } else {
                unmatched.add(node);
            }
        } catch (Exception e) {
            unmatched.add(JSON.createObjectNode().put("unparseable", text));
        }
    }

    private static final class Listener implements WebSocket.Listener {
        final CompletableFuture<RpcClient> client = new CompletableFuture<>();
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                client.thenAccept(c -> c.onMessage(text));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            client.thenAccept(c -> c.closeCode.complete(statusCode));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            client.thenAccept(c -> c.closeCode.completeExceptionally(error));
        }
    }
}
