package dev.stratus.server.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A byte-socket client on the JDK's WebSocket: records the attached message, every output byte
 * (or only a count and a tail, for floods), the exit message and when a marker first arrived.
 */
final class TerminalSocketClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ScheduledExecutorService SLOW = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slow-reader");
        t.setDaemon(true);
        return t;
    });

    /** How the client treats output. */
    enum Mode {
        ACK_ALL,
        /** Acknowledges every piece it reads, as it goes, but reads a piece only every 5 ms. */
        ACK_ALL_READ_SLOWLY,
        NEVER_ACK,
        READ_SLOWLY_NEVER_ACK
    }

    private final Mode mode;
    private final boolean keepBytes;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StringBuilder tail = new StringBuilder();
    private final BlockingQueue<JsonNode> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<JsonNode> attached = new CompletableFuture<>();
    private final CompletableFuture<JsonNode> exit = new CompletableFuture<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private WebSocket ws;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private long received;
    private long skipped;
    /** Skips: {seq, to, bytes received before it}. */
    private final List<long[]> skips = new ArrayList<>();
    private long frames;
    private long start;
    private volatile String marker;
    private volatile long markerSeenNanos;
    private volatile boolean exitAfterAllBytes = true;

    private TerminalSocketClient(Mode mode, boolean keepBytes) {
        this.mode = mode;
        this.keepBytes = keepBytes;
    }

    static TerminalSocketClient connect(URI uri, Map<String, String> headers, Mode mode, boolean keepBytes) throws Exception {
        return connectAsync(uri, headers, mode, keepBytes).get(10, TimeUnit.SECONDS);
    }

    static CompletableFuture<TerminalSocketClient> connectAsync(URI uri, Map<String, String> headers, Mode mode, boolean keepBytes) {
        TerminalSocketClient c = new TerminalSocketClient(mode, keepBytes);
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        return b.buildAsync(uri, c.new Listener()).thenApply(w -> {
            synchronized (c) {
                c.ws = w;
            }
            return c;
        });
    }

    JsonNode attached() throws Exception {
        return attached.get(10, TimeUnit.SECONDS);
    }

    JsonNode awaitExit(Duration timeout) throws Exception {
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the exit message came after every byte it accounts for. */
    boolean exitCameAfterAllBytes() {
        return exitAfterAllBytes;
    }

    /** Text messages received, in order. */
    List<JsonNode> texts() {
        return new ArrayList<>(texts);
    }

    synchronized byte[] bytes() {
        return bytes.toByteArray();
    }

    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Sequence number of the next byte this client expects. */
    synchronized long nextSeq() {
        return start + received + skipped;
    }

    /** The skip messages so far: {seq, to, bytes received before it}. */
    synchronized List<long[]> skips() {
        return new ArrayList<>(skips);
    }

    synchronized long skipped() {
        return skipped;
    }

    synchronized long received() {
        return received;
    }

    /** Binary frames (whole messages) received. */
    synchronized long frames() {
        return frames;
    }

    /** Records when {@code text} first arrives; see {@link #markerSeenNanos()}. */
    void watchFor(String text) {
        markerSeenNanos = 0;
        synchronized (this) {
            tail.setLength(0);
        }
        marker = text;
    }

    long markerSeenNanos() {
        return markerSeenNanos;
    }

    void input(String keys) {
        send(w -> w.sendBinary(ByteBuffer.wrap(keys.getBytes(StandardCharsets.UTF_8)), true));
    }

    void inputBytes(byte[] data) {
        send(w -> w.sendBinary(ByteBuffer.wrap(data), true));
    }

    void sendText(String text) {
        send(w -> w.sendText(text, true));
    }

    /** Waits until every frame sent so far has been handed to the network. */
    void flush() throws Exception {
        CompletableFuture<?> f;
        synchronized (this) {
            f = sending;
        }
        f.get(10, TimeUnit.SECONDS);
    }

    void ack(long seq) {
        sendText("{\"type\":\"ack\",\"seq\":" + seq + "}");
    }

    private synchronized void send(java.util.function.Function<WebSocket, CompletableFuture<WebSocket>> op) {
        WebSocket w = ws;
        sending = sending.handle((r, e) -> null).thenCompose(x -> op.apply(w));
    }

    /** Waits until the received output (decoded as UTF-8) satisfies {@code test}. */
    void awaitOutput(String contains, Duration timeout) throws InterruptedException {
        await(() -> text().contains(contains), timeout, "output containing " + contains + "; got:\n" + tailOf(text()));
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static String tailOf(String s) {
        return s.length() > 2000 ? "…" + s.substring(s.length() - 2000) : s;
    }

    @Override
    public void close() {
        WebSocket w;
        synchronized (this) {
            w = ws;
        }
        if (w != null) {
            w.abort();
        }
    }

    private void onBytes(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        long seq;
        synchronized (this) {
            received += b.length;
            seq = start + received + skipped;
            if (keepBytes) {
                bytes.write(b, 0, b.length);
            }
            String m = marker;
            if (m != null && markerSeenNanos == 0) {
                tail.append(new String(b, StandardCharsets.ISO_8859_1));
                if (tail.indexOf(m) >= 0) {
                    markerSeenNanos = System.nanoTime();
                }
                if (tail.length() > 4 * m.length() + 4096) {
                    tail.delete(0, tail.length() - m.length());
                }
            }
        }
        if (mode == Mode.ACK_ALL || mode == Mode.ACK_ALL_READ_SLOWLY) {
            ack(seq);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            // Set here, before any message arrives: the server replays output at once, and acks
            // for it must not wait for buildAsync's future (sends with no socket were lost).
            synchronized (TerminalSocketClient.this) {
                ws = webSocket;
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(text.toString());
                    texts.add(msg);
                    if ("attached".equals(msg.path("type").asText())) {
                        synchronized (TerminalSocketClient.this) {
                            start = msg.get("seq").asLong();
                        }
                        attached.complete(msg);
                    } else if ("skip".equals(msg.path("type").asText())) {
                        long seq = msg.get("seq").asLong();
                        long to = msg.get("to").asLong();
                        long next;
                        synchronized (TerminalSocketClient.this) {
                            if (seq != nextSeq() || to <= seq) {
                                texts.add(JSON.createObjectNode().put("badSkip", msg.toString()));
                            }
                            skips.add(new long[] {seq, to, received});
                            skipped += to - seq;
                            next = nextSeq();
                        }
                        if (mode == Mode.ACK_ALL || mode == Mode.ACK_ALL_READ_SLOWLY) {
                            ack(next);
                        }
                    } else if ("exit".equals(msg.path("type").asText())) {
                        exitAfterAllBytes = msg.get("seq").asLong() == nextSeq();
                        exit.complete(msg);
                    }
                } catch (Exception e) {
                    texts.add(JSON.createObjectNode().put("unparseable", text.toString()));
                }
                text.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            onBytes(data);
            if (last) {
                synchronized (TerminalSocketClient.this) {
                    frames++;
                }
            }
            if (mode == Mode.READ_SLOWLY_NEVER_ACK) {
                SLOW.schedule(() -> w.request(1), 50, TimeUnit.MILLISECONDS);
            } else if (mode == Mode.ACK_ALL_READ_SLOWLY) {
                SLOW.schedule(() -> w.request(1), 5, TimeUnit.MILLISECONDS);
            } else {
                w.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}
