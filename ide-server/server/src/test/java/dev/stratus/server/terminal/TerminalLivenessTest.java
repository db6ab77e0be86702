package dev.stratus.server.terminal;

import static dev.stratus.server.terminal.TerminalSocketClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.support.RawWebSocket;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.websocket.Liveness;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A terminal's byte socket whose peer went away without a close (a laptop asleep, a network
 * gone) is let go once nothing has come from it for a while; the terminal runs on for the next
 * attach, as after any disconnect. A live client, however quiet, is kept.
 */
class TerminalLivenessTest {
    private static final Duration PING_EVERY = Duration.ofMillis(100);
    private static final Duration SILENCE = Duration.ofMillis(500);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path base;
    private TerminalTestServer server;
    private RpcClient rpc;
    private String terminalId;

    @BeforeEach
    void start() throws Exception {
        server = TerminalTestServer.start(base, TerminalConfig.defaults().withLiveness(new Liveness.Timing(PING_EVERY, SILENCE)));
        rpc = server.rpc();
        terminalId = TerminalTestServer.create(rpc);
    }

    @AfterEach
    void stop() throws Exception {
        rpc.close();
        server.close();
    }

    @Test
    void aPeerThatAnswersNothingIsLetGoAndTheTerminalRunsOn() throws Exception {
        String path = server.socketUri(terminalId, null).getRawPath();
        try (RawWebSocket peer = RawWebSocket.upgrade(server.server.baseUri().getPort(), path, TerminalTestServer.AUTH)) {
            assertThat(peer.awaitPing()).isTrue();
            await(() -> server.terminal(terminalId).attachedCount() == 0, WAIT, "the silent socket to be let go");
            peer.awaitEnd();
        }
        try (TerminalSocketClient client = server.attach(terminalId, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            client.attached();
            client.input("echo still-$((40+2))\n");
            client.awaitOutput("still-42", WAIT);
        }
    }

    @Test
    void aQuietClientIsKept() throws Exception {
        try (TerminalSocketClient client = server.attach(terminalId, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            client.attached();
            // Sends nothing for three times the silence that closes a socket: its WebSocket stack answers the pings.
            Thread.sleep(SILENCE.multipliedBy(3).toMillis());
            assertThat(client.closeCode).isNotDone();
            assertThat(server.terminal(terminalId).attachedCount()).isEqualTo(1);
            client.input("echo quiet-$((40+2))\n");
            client.awaitOutput("quiet-42", WAIT);
        }
    }
}
