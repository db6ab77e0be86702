package dev.stratus.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IoThreadCompletionHandlerTest {
    /** Where each part of an exchange's completion ran. */
    record Ends(boolean answeredOnVirtualThread, boolean innerListenerOnVirtualThread, boolean connectionEndOnIoThread) {}

    private static final AttachmentKey<boolean[]> INNER = AttachmentKey.create(boolean[].class);

    private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentLinkedQueue<Ends> ends = new ConcurrentLinkedQueue<>();
    private Undertow server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        virtualThreads.close();
    }

    /**
     * The chain a Stratus request takes: the handler under test, then a handler answering on a
     * virtual thread with blocking streams. Outside it, a probe whose completion listener is
     * added first, so it runs last: exactly where Undertow's own end of the exchange (readying
     * the connection for its next request) runs.
     */
    private URI start(HttpHandler answer) {
        HttpHandler dispatching = exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(virtualThreads, answer);
                return;
            }
            answer.handleRequest(exchange);
        };
        HttpHandler chain = new IoThreadCompletionHandler(dispatching);
        HttpHandler probe = exchange -> {
            boolean[] inner = new boolean[2];
            exchange.putAttachment(INNER, inner);
            exchange.addExchangeCompleteListener((ex, next) -> {
                ends.add(new Ends(inner[0], inner[1], ex.isInIoThread()));
                next.proceed();
            });
            chain.handleRequest(exchange);
        };
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(probe).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().getFirst().getAddress()).getPort();
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    private static void answerBlocking(HttpServerExchange exchange) throws IOException {
        boolean[] inner = exchange.getAttachment(INNER);
        inner[0] = Thread.currentThread().isVirtual();
        exchange.addExchangeCompleteListener((ex, next) -> {
            inner[1] = Thread.currentThread().isVirtual();
            next.proceed();
        });
        exchange.startBlocking();
        try (OutputStream out = exchange.getOutputStream()) {
            for (int i = 0; i < 3; i++) {
                out.write((exchange.getRequestPath() + " part " + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush(); // streamed, as the assistant's answers are
            }
        }
    }

    @Test
    void anExchangeAnsweredOnAVirtualThreadEndsOnItsIoThreadAndOtherListenersStayPut() throws Exception {
        URI uri = start(IoThreadCompletionHandlerTest::answerBlocking);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < 200; i++) { // one keep-alive connection, each request sent once the last is answered
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("/ part 0\n/ part 1\n/ part 2\n");
            }
        }
        awaitEnds(200);
        assertThat(ends).hasSize(200).allSatisfy(e -> {
            assertThat(e.answeredOnVirtualThread()).isTrue();
            assertThat(e.innerListenerOnVirtualThread()).as("listeners added inside run where they ran").isTrue();
            assertThat(e.connectionEndOnIoThread()).as("the connection's end runs on its I/O thread").isTrue();
        });
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        URI uri = start(IoThreadCompletionHandlerTest::answerBlocking);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            String three = "GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET /b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET /c HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            socket.getOutputStream().write(three.getBytes(StandardCharsets.US_ASCII)); // in one write
            String all = readUntil(socket.getInputStream(), 3);
            assertThat(all.split("HTTP/1.1 200", -1)).hasSize(4);
            assertThat(all.indexOf("/a part 2")).isPositive().isLessThan(all.indexOf("/b part 0"));
            assertThat(all.indexOf("/b part 2")).isLessThan(all.indexOf("/c part 0"));
        }
        awaitEnds(3);
        assertThat(ends).hasSize(3).allSatisfy(e -> assertThat(e.connectionEndOnIoThread()).isTrue());
    }

    @Test
    void aWebSocketUpgradeIsLeftOnTheThreadThatAnsweredIt() throws Exception {
        CompletableFuture<Boolean> connectedOnVirtualThread = new CompletableFuture<>();
        HttpHandler upgrade = Handlers.websocket((exchange, channel) -> {
            connectedOnVirtualThread.complete(Thread.currentThread().isVirtual());
            channel.resumeReceives();
        });
        URI uri = start(upgrade);
        try (HttpClient client = HttpClient.newHttpClient()) {
            WebSocket ws = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://" + uri.getAuthority() + "/"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            return null;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            try {
                assertThat(connectedOnVirtualThread.get(10, TimeUnit.SECONDS))
                        .as("a connection callback may block: it is not moved to the I/O thread").isTrue();
            } finally {
                ws.abort(); // or the client's close waits for it
            }
        }
    }

    private void awaitEnds(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ends.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5); // the last completion may still be queued on the I/O thread
        }
    }

    /** Reads until {@code responses} chunked bodies have ended. */
    private static String readUntil(InputStream in, int responses) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (count(seen.toString(StandardCharsets.US_ASCII), "\r\n0\r\n\r\n") < responses) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            seen.write(buf, 0, n);
        }
        return seen.toString(StandardCharsets.US_ASCII);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
