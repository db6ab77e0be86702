package dev.stratus.server.terminal;

import static dev.stratus.server.terminal.TerminalSocketClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.WebSocketHandshake;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte socket: replay, reconnect, lost bytes, exit ordering, and every way to misuse it. */
class TerminalSocketTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path base;
    static TerminalTestServer server;
    static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        server = TerminalTestServer.start(base, TerminalConfig.defaults());
        rpc = server.rpc();
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
    }

    /** What {@code seq 1 n} prints on a terminal (which turns each \n into \r\n). */
    private static String seqOutput(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            sb.append(i).append("\r\n");
        }
        return sb.toString();
    }

    @Test
    void terminalReplaysOutputAfterReconnectWithoutLossOrDuplicates() throws Exception {
        String id = TerminalTestServer.create(rpc);
        int window = TerminalConfig.defaults().flowWindowBytes();
        // The first client never acknowledges, so it stops at the window: a disconnect mid-stream, every run.
        var first = server.attach(id, 0, TerminalSocketClient.Mode.NEVER_ACK);
        first.input("seq 1 100000; echo END_$((3*3))\r");
        await(() -> first.received() == window, WAIT, "the first client to receive a full window");
        first.close();
        long n = first.nextSeq();
        byte[] before = first.bytes();
        assertThat(n).isEqualTo(window);

        var second = server.attach(id, n, TerminalSocketClient.Mode.ACK_ALL);
        assertThat(second.attached().get("seq").asLong()).isEqualTo(n);
        assertThat(second.attached().get("lost").asLong()).isZero();
        second.awaitOutput("END_9", WAIT);
        PtyTerminal terminal = server.terminal(id);
        await(() -> second.nextSeq() == terminal.end(), WAIT, "the second client to catch up");

        var whole = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL);
        try {
            await(() -> whole.nextSeq() == terminal.end() && second.nextSeq() == terminal.end(), WAIT, "both clients to catch up");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": whole at " + whole.nextSeq() + ", second at " + second.nextSeq()
                    + ", output end " + terminal.end() + ", server-side unacked " + terminal.maxUnackedBytes()
                    + ", pending " + terminal.maxPendingBytes(), e);
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write(before);
        joined.write(second.bytes());
        assertThat(joined.toByteArray()).isEqualTo(whole.bytes());
        String text = joined.toString(StandardCharsets.UTF_8);
        String expected = seqOutput(100000);
        assertThat(text.indexOf(expected)).isNotNegative().isEqualTo(text.lastIndexOf(expected));
        assertThat(text.split("END_9", -1)).hasSize(2);
        second.close();
        whole.close();
        rpc.result("terminal/close", Map.of("terminalId", id));
    }

    @Test
    void aClientOlderThanTheRingIsToldHowManyBytesItLost() throws Exception {
        String id = TerminalTestServer.create(rpc);
        int ring = TerminalConfig.defaults().ringBufferBytes();
        try (var typist = server.attach(id, 0, TerminalSocketClient.Mode.NEVER_ACK)) {
            typist.input("head -c " + 3 * ring + " /dev/zero | tr '\\000' a; echo LOST_$((4+4))\r");
            typist.flush();
            // Closing right away could reset the connection before the server read the line.
            PtyTerminal started = server.terminal(id);
            await(() -> started.end() > 100_000, WAIT, "the output to start");
        }
        PtyTerminal terminal = server.terminal(id);
        // Without a socket nothing holds the reader back: the ring keeps only the newest output.
        await(() -> terminal.end() > 3L * ring, WAIT, "the output to pass the ring");
        try (var late = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            JsonNode attached = late.attached();
            long start = attached.get("seq").asLong();
            assertThat(attached.get("lost").asLong()).isEqualTo(start);
            assertThat(start).isGreaterThanOrEqualTo(terminal.end() - ring)
                    .isGreaterThan(2L * ring - 100_000);
            late.awaitOutput("LOST_8", WAIT);
            await(() -> late.nextSeq() == terminal.end(), WAIT, "the late client to catch up");
            String text = late.text();
            assertThat(text).startsWith("a".repeat(1000));
            assertThat(text.substring(0, text.indexOf("LOST_8"))).matches("(?s)a+\r?\n?");
        }
        rpc.result("terminal/close", Map.of("terminalId", id));
    }

    @Test
    void allOutputOfAFastExitingShellArrivesBeforeTheExitMessage() throws Exception {
        String id = TerminalTestServer.create(rpc);
        String expected = seqOutput(40000);
        assertThat(expected.length()).isGreaterThan(200_000);
        try (var socket = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            socket.input("seq 1 40000; exit 3\r");
            JsonNode exit = socket.awaitExit(WAIT);
            assertThat(exit.get("code").asInt()).isEqualTo(3);
            assertThat(socket.exitCameAfterAllBytes()).isTrue();
            assertThat(exit.get("seq").asLong()).isEqualTo(socket.nextSeq()).isEqualTo(server.terminal(id).end());
            String text = socket.text();
            assertThat(text.indexOf(expected)).isNotNegative().isEqualTo(text.lastIndexOf(expected));
            assertThat(text.substring(text.indexOf(expected) + expected.length())).doesNotContain("40000");
        }
        // Attaching after the exit replays the same bytes, then the exit message.
        try (var again = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            JsonNode exit = again.awaitExit(WAIT);
            assertThat(again.exitCameAfterAllBytes()).isTrue();
            assertThat(exit.get("code").asInt()).isEqualTo(3);
            assertThat(again.text()).contains(expected);
        }
        rpc.result("terminal/close", Map.of("terminalId", id));
    }

    @Test
    void inputFromTwoSocketsReachesTheSameShellAndBothSeeTheOutput() throws Exception {
        String id = TerminalTestServer.create(rpc);
        try (var a = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL);
             var b = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            a.input("echo FROM_A_$((1+1))\r");
            b.awaitOutput("FROM_A_2", WAIT);
            b.input("echo FROM_B_$((1+2))\r");
            a.awaitOutput("FROM_B_3", WAIT);
        }
        rpc.result("terminal/close", Map.of("terminalId", id));
    }

    @Test
    void closingATerminalClosesItsSockets() throws Exception {
        String id = TerminalTestServer.create(rpc);
        try (var socket = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            socket.attached();
            rpc.result("terminal/close", Map.of("terminalId", id));
            assertThat(socket.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        }
    }

    @Test
    void anUnknownTerminalOrWorkspaceIs404BeforeTheUpgrade() {
        assertThat(WebSocketHandshake.refusedWith(server.socketUri("no-such-terminal", null), TerminalTestServer.AUTH)).isEqualTo(404);
        assertThat(WebSocketHandshake.refusedWith(server.ws("/api/workspaces/no-such-workspace/terminals/x"), TerminalTestServer.AUTH)).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1e3", "99999999999999999999", "", "1&from=0"})
    void aBadFromIs400BeforeTheUpgrade(String from) throws Exception {
        String id = TerminalTestServer.create(rpc);
        try {
            var uri = server.ws("/api/workspaces/" + server.workspaceId + "/terminals/" + id + "?from=" + from);
            assertThat(WebSocketHandshake.refusedWith(uri, TerminalTestServer.AUTH)).isEqualTo(400);
        } finally {
            rpc.result("terminal/close", Map.of("terminalId", id));
        }
    }

    @Test
    void aFromBeyondTheOutputIs400() throws Exception {
        String id = TerminalTestServer.create(rpc);
        long end = server.terminal(id).end();
        assertThat(WebSocketHandshake.refusedWith(server.socketUri(id, end + 1_000_000), TerminalTestServer.AUTH)).isEqualTo(400);
        rpc.result("terminal/close", Map.of("terminalId", id));
    }

    @Test
    void anUnauthenticatedSocketIs401() throws Exception {
        String id = TerminalTestServer.create(rpc);
        assertThat(WebSocketHandshake.refusedWith(server.socketUri(id, null), Map.of("Origin", server.origin()))).isEqualTo(401);
        assertThat(WebSocketHandshake.refusedWith(server.socketUri(id, null), Map.of("Authorization", "Bearer wrong-token-0123456789abcdef0123")))
                .isEqualTo(401);
        assertThat(server.terminal(id).attachedCount()).isZero();
        rpc.result("terminal/close", Map.of("terminalId", id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "http://127.0.0.1:1", "null"})
    void aForeignOriginIs403EvenWithAToken(String origin) throws Exception {
        String id = TerminalTestServer.create(rpc);
        Map<String, String> headers = new HashMap<>(TerminalTestServer.AUTH);
        headers.put("Origin", origin);
        assertThat(WebSocketHandshake.refusedWith(server.socketUri(id, null), headers)).isEqualTo(403);
        assertThat(server.terminal(id).attachedCount()).isZero();
        headers.put("Origin", server.origin());
        try (var ok = TerminalSocketClient.connect(server.socketUri(id, null), headers, TerminalSocketClient.Mode.ACK_ALL, true)) {
            assertThat(ok.attached().get("seq").asLong()).isZero();
        }
        rpc.result("terminal/close", Map.of("terminalId", id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{\"type\":\"ack\"}", "{\"type\":\"ack\",\"seq\":\"1\"}", "{\"type\":\"ack\",\"seq\":1.5}",
        "{\"type\":\"resize\",\"seq\":1}", "{\"type\":\"ack\",\"seq\":999999999}"})
    void aBadControlMessageClosesThatSocketWithProtocolErrorAndSparesTheTerminal(String message) throws Exception {
        String id = TerminalTestServer.create(rpc);
        try (var bad = server.attach(id, 0, TerminalSocketClient.Mode.NEVER_ACK)) {
            bad.attached();
            bad.sendText(message);
            assertThat(bad.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1002);
        }
        try (var good = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            good.input("echo ALIVE_$((5+5))\r");
            good.awaitOutput("ALIVE_10", WAIT);
        }
        rpc.result("terminal/close", Map.of("terminalId", id));
    }

    @Test
    void anOversizedInputFrameClosesThatSocketWith1009AndReachesNothing() throws Exception {
        String id = TerminalTestServer.create(rpc);
        try (var bad = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            bad.attached();
            byte[] big = new byte[TerminalConfig.defaults().maxInputFrameBytes() + 1];
            java.util.Arrays.fill(big, (byte) 'z');
            bad.inputBytes(big);
            assertThat(bad.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
        }
        try (var good = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            good.input("echo ALIVE_$((5+6))\r");
            good.awaitOutput("ALIVE_11", WAIT);
            assertThat(good.text()).doesNotContain("zzzz");
        }
        rpc.result("terminal/close", Map.of("terminalId", id));
    }
}
