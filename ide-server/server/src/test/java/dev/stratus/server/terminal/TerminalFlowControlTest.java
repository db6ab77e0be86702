package dev.stratus.server.terminal;

import static dev.stratus.server.terminal.TerminalSocketClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.support.RpcClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flooding program against clients that lag: server memory stays within the ring and the
 * window, and Ctrl-C still stops it at once for a client that keeps up.
 */
class TerminalFlowControlTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final TerminalConfig CONFIG = TerminalConfig.defaults();

    @TempDir
    static Path base;
    static TerminalTestServer server;
    static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        server = TerminalTestServer.start(base, CONFIG);
        rpc = server.rpc();
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
    }

    @Test
    void aFloodWithAClientThatNeverAcknowledgesStaysWithinTheRingAndTheWindow() throws Exception {
        floodStaysBounded(TerminalSocketClient.Mode.NEVER_ACK);
    }

    @Test
    void aFloodWithAClientThatReadsSlowlyStaysWithinTheRingAndTheWindow() throws Exception {
        floodStaysBounded(TerminalSocketClient.Mode.READ_SLOWLY_NEVER_ACK);
    }

    private void floodStaysBounded(TerminalSocketClient.Mode mode) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        String id = TerminalTestServer.create(rpc);
        PtyTerminal terminal = server.terminal(id);
        try (var slow = server.attach(id, 0, mode)) {
            slow.input("yes\r");
            await(() -> terminal.end() >= CONFIG.flowWindowBytes(), WAIT, "the flood to start");
            long maxEnd = 0;
            long maxPending = 0;
            long maxUnacked = 0;
            long maxBuffered = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                maxEnd = Math.max(maxEnd, terminal.end());
                maxPending = Math.max(maxPending, terminal.maxPendingBytes());
                maxUnacked = Math.max(maxUnacked, terminal.maxUnackedBytes());
                maxBuffered = Math.max(maxBuffered, terminal.bufferedBytes());
                Thread.sleep(5);
            }
            // The reader stopped a whole ring beyond the client's acknowledgement (0): yes is blocked.
            assertThat(maxEnd).isLessThanOrEqualTo(CONFIG.ringBufferBytes()).isGreaterThan(CONFIG.flowWindowBytes());
            assertThat(maxBuffered).isLessThanOrEqualTo(CONFIG.ringBufferBytes());
            assertThat(maxUnacked).isLessThanOrEqualTo(CONFIG.flowWindowBytes());
            assertThat(maxPending).isLessThanOrEqualTo(CONFIG.flowWindowBytes());
            assertThat(slow.received()).isLessThanOrEqualTo(CONFIG.flowWindowBytes());
            System.gc();
            long growth = memory.getHeapMemoryUsage().getUsed() - heapBefore;
            assertThat(growth).as("heap growth in bytes").isLessThan(32L << 20);
        }
        rpc.result("terminal/close", Map.of("terminalId", id));
    }

    /**
     * A flood leaves in frames of tens of KiB (PTY reads are a few KiB) for a client that reads
     * and acknowledges piece by piece, slower than the program writes: frames do not shrink to
     * the size of each acknowledgement. The gather time is long here so the result does not
     * depend on how fast this machine's PTY produces (the default, 3 ms, is a tuning measured by
     * the terminal benchmark); output after a pause still leaves without waiting for it.
     */
    @Test
    void aFloodIsSentInLargeFramesAndOutputAfterAPauseLeavesAtOnce(@TempDir Path dir) throws Exception {
        Duration gather = Duration.ofSeconds(1);
        try (var gathering = TerminalTestServer.start(dir, CONFIG.withOutputGather(gather));
                RpcClient client = gathering.rpc()) {
            String id = TerminalTestServer.create(client);
            try (var socket = TerminalSocketClient.connect(gathering.socketUri(id, 0L), TerminalTestServer.AUTH,
                    TerminalSocketClient.Mode.ACK_ALL_READ_SLOWLY, false)) {
                socket.attached();
                socket.watchFor("FLOOD_42");
                socket.input("head -c 4000000 /dev/zero | tr '\\0' a; echo FLOOD_$((6*7))\r");
                await(() -> socket.markerSeenNanos() != 0, WAIT, "the end of the flood");
                assertThat(socket.received() / socket.frames()).as("average frame size in bytes")
                        .isGreaterThan(8 * 1024);

                // The line's own echo leaves first and may be followed closely by more of it (it
                // is gathered then); the marker comes after a quiet of 3 s, twice the gather time
                // past anything the line's echo can have sent, so it must leave at once.
                socket.watchFor("PAUSE_42");
                Duration quiet = Duration.ofSeconds(3);
                long sent = System.nanoTime();
                socket.input("sleep " + quiet.toSeconds() + "; echo PAUSE_$((6*7))\r");
                await(() -> socket.markerSeenNanos() != 0, WAIT, "the echo after a pause");
                assertThat(Duration.ofNanos(socket.markerSeenNanos() - sent).minus(quiet))
                        .as("echo after a pause, beyond the sleep").isLessThan(gather.dividedBy(2));
            }
            client.result("terminal/close", Map.of("terminalId", id));
        }
    }

    @Test
    void ctrlCStopsAFloodWithin500Milliseconds() throws Exception {
        String id = TerminalTestServer.create(rpc);
        try (var socket = TerminalSocketClient.connect(server.socketUri(id, 0L), TerminalTestServer.AUTH,
                TerminalSocketClient.Mode.ACK_ALL, false)) {
            socket.input("yes\r");
            await(() -> socket.received() > 4 * CONFIG.ringBufferBytes(), WAIT, "the flood to pass several rings");
            socket.watchFor("CTRLC_42");
            long sent = System.nanoTime();
            socket.input("\u0003");
            socket.input("echo CTRLC_$((6*7))\r");
            await(() -> socket.markerSeenNanos() != 0, WAIT, "the marker after Ctrl-C");
            long millis = (socket.markerSeenNanos() - sent) / 1_000_000;
            assertThat(millis).as("ms from Ctrl-C to the marker").isLessThan(500);
        }
        rpc.result("terminal/close", Map.of("terminalId", id));
    }
}
