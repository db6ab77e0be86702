package dev.stratus.server.rpc;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.auth.Principal;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.workspace.Workspace;
import io.undertow.Undertow;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A workspace connection is pinged, a peer that answers nothing is let go, a live one (however
 * quiet) is kept, and {@code rpc/ping} lets a client tell a quiet connection from a dead one.
 */
class RpcLivenessTest {
    private static final Duration PING_EVERY = Duration.ofMillis(100);
    private static final Duration SILENCE = Duration.ofMillis(500);

    /** The client proxy needs an interface; these connections send no notifications. */
    interface NoNotifications {
    }

    private final CountDownLatch servicesClosed = new CountDownLatch(1);
    private Undertow server;
    private RpcSocketHandler handler;
    private int port;

    @BeforeEach
    void start() {
        RpcServiceFactory factory = new RpcServiceFactory() {
            @Override
            public List<Class<?>> serviceInterfaces() {
                return List.of();
            }

            @Override
            public List<Class<?>> clientInterfaces() {
                return List.of(NoNotifications.class);
            }

            @Override
            public List<Object> create(Workspace workspace, Principal principal, Object client) {
                return List.of((AutoCloseable) servicesClosed::countDown);
            }
        };
        Workspace workspace = new Workspace("w1", "w1", Path.of("."));
        handler = new RpcSocketHandler(exchange -> Optional.of(workspace), exchange -> new Principal("u1", "u1", "admin", true),
                factory, new RpcConfig(1 << 20, 16, PING_EVERY, SILENCE));
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(handler).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() {
        handler.close();
        server.stop();
    }

    @Test
    void pingIsAnsweredWithAnEmptyObject() throws Exception {
        try (RpcClient rpc = RpcClient.connect(URI.create("ws://127.0.0.1:" + port + "/rpc"), Map.of())) {
            assertThat(rpc.result("rpc/ping", Map.of()).isObject()).isTrue();
            assertThat(rpc.result("rpc/ping", Map.of()).size()).isZero();
            assertThat(rpc.result("rpc/ping", null).size()).isZero();
        }
    }

    @Test
    void aQuietClientThatAnswersPingsIsKept() throws Exception {
        try (RpcClient rpc = RpcClient.connect(URI.create("ws://127.0.0.1:" + port + "/rpc"), Map.of())) {
            // Sends nothing for three times the silence that closes a connection; its WebSocket
            // stack answers the server's pings by itself.
            Thread.sleep(SILENCE.multipliedBy(3).toMillis());
            assertThat(servicesClosed.getCount()).isEqualTo(1);
            assertThat(rpc.closeCode).isNotDone();
            assertThat(rpc.result("rpc/ping", Map.of()).size()).isZero();
        }
    }

    @Test
    void aPeerThatAnswersNothingIsClosedAndItsServicesWithIt() throws Exception {
        try (Socket socket = upgraded()) {
            InputStream in = socket.getInputStream();
            // The server pings (an unmasked ping frame with no payload); this peer never answers.
            assertThat(in.read()).isEqualTo(0x89);
            assertThat(in.read()).isEqualTo(0x00);
            assertThat(servicesClosed.await(10, TimeUnit.SECONDS)).as("the connection's services closed").isTrue();
            socket.setSoTimeout(10_000);
            while (in.read() != -1) {
                // further pings sent before the close
            }
        }
    }

    @Test
    void aPeerThatKeepsSendingIsKeptEvenIfItNeverAnswersPings() throws Exception {
        try (Socket socket = upgraded()) {
            long end = System.nanoTime() + SILENCE.multipliedBy(3).toNanos();
            while (System.nanoTime() < end) {
                socket.getOutputStream().write(maskedText("{\"jsonrpc\":\"2.0\",\"method\":\"rpc/ping\"}"));
                Thread.sleep(PING_EVERY.toMillis());
            }
            assertThat(servicesClosed.getCount()).isEqualTo(1);
        }
    }

    /** A plain socket upgraded to a WebSocket by hand, so the test decides what it answers. */
    private Socket upgraded() throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write(("GET /rpc HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(US_ASCII));
        assertThat(head(socket.getInputStream())).startsWith("HTTP/1.1 101");
        return socket;
    }

    private static String head(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }

    /** A client's text frame: FIN, opcode 1, masked with a zero key (so the payload reads as is). */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(US_ASCII);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        return frame;
    }
}
