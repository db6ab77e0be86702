package dev.stratus.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.auth.Principal;
import dev.stratus.server.support.RawWebSocket;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.workspace.Workspace;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
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
        try (RawWebSocket peer = RawWebSocket.upgrade(port, "/rpc", Map.of())) {
            // The server pings; this peer never answers.
            assertThat(peer.awaitPing()).isTrue();
            assertThat(servicesClosed.await(10, TimeUnit.SECONDS)).as("the connection's services closed").isTrue();
            peer.awaitEnd();
        }
    }

    @Test
    void aPeerThatKeepsSendingIsKeptEvenIfItNeverAnswersPings() throws Exception {
        try (RawWebSocket peer = RawWebSocket.upgrade(port, "/rpc", Map.of())) {
            long end = System.nanoTime() + SILENCE.multipliedBy(3).toNanos();
            while (System.nanoTime() < end) {
                peer.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"rpc/ping\"}");
                Thread.sleep(PING_EVERY.toMillis());
            }
            assertThat(servicesClosed.getCount()).isEqualTo(1);
        }
    }
}
