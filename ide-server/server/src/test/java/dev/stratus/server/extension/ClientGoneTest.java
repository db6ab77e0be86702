package dev.stratus.server.extension;

import static dev.stratus.server.extension.ExtensionLifecycleTest.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.support.RpcClient;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed route's writer learns that its client went away while it has written nothing
 * ({@code HttpResponse.Watched}), and the connection of a client that stayed serves on as before.
 */
class ClientGoneTest {
    private static final String SOURCE = """
            package test.gone;
            import dev.stratus.extension.api.*;
            import java.nio.file.*;
            public class Main implements Extension {
                static void say(Path file, String what) {
                    try {
                        Files.writeString(file, what);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                public void activate(ExtensionContext context) {
                    // Waits ms milliseconds before it answers; says in the file ?flag whether it watches and whether its client left.
                    context.http().route("GET", "watched", req -> HttpResponse.streaming(200, "text/plain", out -> {
                        Path flag = Path.of(req.query("flag").orElseThrow());
                        Thread writer = Thread.currentThread();
                        try (Registration gone = ((HttpResponse.Watched) out).onClientGone(() -> {
                            say(flag, "gone");
                            writer.interrupt();
                        })) {
                            say(flag, "watching");
                            Thread.sleep(Long.parseLong(req.query("ms").orElseThrow()));
                        } catch (InterruptedException e) {
                            throw new java.io.InterruptedIOException("the client left");
                        }
                        ((HttpResponse.Unsent) out).answerInstead(HttpResponse.text("answered " + req.query("ms").orElseThrow()));
                    }));
                }
            }
            """;

    @TempDir
    static Path base;
    static ExtensionTestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        TestJars.builder(Files.createDirectories(base.resolve("build")))
                .manifest(TestJars.manifest("gone", "^1.5.0", "", "\"onStartup\"", ""))
                .source("test.gone.Main", SOURCE)
                .build(builtIn.resolve("gone.jar"));
        server = ExtensionTestServer.start(base, builtIn, Duration.ofMillis(500));
        try (RpcClient rpc = server.rpc()) {
            awaitState(rpc, "gone", "active");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String request(Path flag, long ms) {
        return "GET /api/ext/gone/watched?ms=" + ms + "&flag=" + java.net.URLEncoder.encode(flag.toString(), StandardCharsets.UTF_8)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + ExtensionTestServer.AUTH.get("Authorization") + "\r\n\r\n";
    }

    static void awaitFlag(Path flag, String text, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!(Files.exists(flag) && Files.readString(flag).equals(text))) {
            assertThat(System.nanoTime()).as("the route's flag says " + text + " within " + bound).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** One response with a Content-Length body, read off a kept-alive connection. */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended within a response's head: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = text.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                .mapToInt(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).strip())).findFirst().orElseThrow();
        return text.substring(9, 12) + " " + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void aWriterThatHasWrittenNothingLearnsAtOnceThatItsClientLeft() throws Exception {
        Path flag = base.resolve("left");
        try (Socket socket = new Socket("127.0.0.1", server.server.baseUri().getPort())) {
            socket.getOutputStream().write(request(flag, 60_000).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            awaitFlag(flag, "watching", Duration.ofSeconds(10));
        } // the client leaves, the route still working on its answer

        // Told at once, not when a write fails a minute later.
        awaitFlag(flag, "gone", Duration.ofSeconds(3));
    }

    @Test
    void aClientThatShutsDownItsSendingSideCountsAsGone() throws Exception {
        Path flag = base.resolve("half-closed");
        try (Socket socket = new Socket("127.0.0.1", server.server.baseUri().getPort())) {
            socket.getOutputStream().write(request(flag, 60_000).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            socket.shutdownOutput(); // and waits for the answer, as some proxies do

            awaitFlag(flag, "gone", Duration.ofSeconds(3));
            assertThat(socket.getInputStream().read()).as("the connection is dropped, not answered").isEqualTo(-1);
        }
    }

    @Test
    void aClientThatStaysIsAnsweredAndItsConnectionServesTheNextRequests() throws Exception {
        Path first = base.resolve("stays-1");
        Path second = base.resolve("stays-2");
        Path third = base.resolve("stays-3");
        try (Socket socket = new Socket("127.0.0.1", server.server.baseUri().getPort())) {
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            socket.getOutputStream().write(request(first, 300).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(readResponse(in)).isEqualTo("200 answered 300");

            // The next request sent before the first is answered (pipelined) waits its turn and loses nothing.
            socket.getOutputStream().write(request(second, 300).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            awaitFlag(second, "watching", Duration.ofSeconds(10));
            socket.getOutputStream().write(request(third, 0).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(readResponse(in)).isEqualTo("200 answered 300");
            assertThat(readResponse(in)).isEqualTo("200 answered 0");
        }
        Thread.sleep(300);
        // Nobody was told the client left: it did not, before each response ended.
        assertThat(Files.readString(first)).isEqualTo("watching");
        assertThat(Files.readString(second)).isEqualTo("watching");
        assertThat(Files.readString(third)).isEqualTo("watching");
    }

    @Test
    void aRequestSentWhileAnEarlierPipelinedOneWaitsIsAnsweredInTheOrderSent() throws Exception {
        Path first = base.resolve("order-1");
        Path second = base.resolve("order-2");
        Path third = base.resolve("order-3");
        try (Socket socket = new Socket("127.0.0.1", server.server.baseUri().getPort())) {
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            // The second arrives with the first, so the server reads it with the first; the third once the first is watched.
            socket.getOutputStream().write((request(first, 1500) + request(second, 0)).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            awaitFlag(first, "watching", Duration.ofSeconds(10));
            Thread.sleep(ClientWatch.WATCH_AFTER_MILLIS + 300);
            socket.getOutputStream().write(request(third, 1).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            assertThat(readResponse(in)).isEqualTo("200 answered 1500");
            assertThat(readResponse(in)).isEqualTo("200 answered 0");
            assertThat(readResponse(in)).isEqualTo("200 answered 1");
        }
    }
}
