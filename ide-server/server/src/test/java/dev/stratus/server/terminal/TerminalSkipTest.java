package dev.stratus.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.WebSocketHandshake;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that says how many lines it keeps is not sent a flood's plain lines that would scroll
 * past them: skips cover whole plain lines only, at least that many lines follow each one, and
 * everything else arrives byte for byte (real PTY, {@code seq} and {@code awk} as the flood).
 */
class TerminalSkipTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int KEEP = 300;
    private static final int COUNT = 300_000;

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

    private static URI uri(String id, String query) {
        return server.ws("/api/workspaces/" + server.workspaceId + "/terminals/" + id + query);
    }

    private static TerminalSocketClient attachKeeping(String id, long lines) throws Exception {
        return TerminalSocketClient.connect(uri(id, "?from=0&lines=" + lines), TerminalTestServer.AUTH,
                TerminalSocketClient.Mode.ACK_ALL_READ_SLOWLY, true);
    }

    @Test
    void aPlainFloodSkipsOnlyWholeLinesAndEndsWithEveryKeptLine() throws Exception {
        String id = TerminalTestServer.create(rpc);
        try (var socket = attachKeeping(id, KEEP)) {
            socket.attached();
            socket.input("seq 1 " + COUNT + "; echo SKIP_$((6*7)); exit 3\r");
            var exit = socket.awaitExit(WAIT);
            assertThat(exit.get("code").asInt()).isEqualTo(3);
            assertThat(socket.exitCameAfterAllBytes()).as("received + skipped = every byte").isTrue();
            assertThat(socket.texts()).noneMatch(t -> t.has("badSkip"));
            List<long[]> skips = socket.skips();
            assertThat(skips).as("skips of a %d-line flood", COUNT).isNotEmpty();

            byte[] got = socket.bytes();
            String text = new String(got, StandardCharsets.US_ASCII);
            // Every kept line is there, in order, right before the marker: KEEP lines with it.
            StringBuilder last = new StringBuilder();
            for (int n = COUNT - KEEP + 2; n <= COUNT; n++) {
                last.append(n).append("\r\n");
            }
            assertThat(text).contains(last + "SKIP_42\r\n");
            // Skips that arrive together (no bytes between them: the server skipped again before
            // it sent anything) are one gap in what was received; each gap is checked whole.
            for (int i = 0; i < skips.size(); ) {
                long[] first = skips.get(i);
                int at = (int) first[2];
                long skippedHere = 0;
                long to = first[0];
                for (; i < skips.size() && skips.get(i)[2] == at; i++) {
                    assertThat(skips.get(i)[0]).as("a skip arriving with the one before it continues it").isEqualTo(to);
                    skippedHere += skips.get(i)[1] - skips.get(i)[0];
                    to = skips.get(i)[1];
                }
                // A gap starts and ends on line starts, after a CR LF...
                assertThat(got[at - 2]).isEqualTo((byte) '\r');
                assertThat(got[at - 1]).isEqualTo((byte) '\n');
                // ...and covers exactly the numbered lines between the one before and the one after it.
                int before = lineNumberEndingAt(text, at);
                int after = Integer.parseInt(text.substring(at, text.indexOf("\r\n", at)));
                long expected = 0;
                for (int n = before + 1; n < after; n++) {
                    expected += Integer.toString(n).length() + 2;
                }
                assertThat(skippedHere).as("bytes skipped between line %d and line %d", before, after)
                        .isEqualTo(expected);
                assertThat(after).as("first line after the skip").isLessThanOrEqualTo(COUNT - KEEP + 2);
            }
            assertThat(socket.skipped()).isGreaterThan(0);
        }
    }

    @Test
    void outputWithEscapeSequencesIsNeverSkipped() throws Exception {
        String id = TerminalTestServer.create(rpc);
        int count = 60_000;
        try (var socket = attachKeeping(id, KEEP)) {
            socket.attached();
            socket.input("awk 'BEGIN { for (i = 1; i <= " + count + "; i++) printf \"\\033[32m%d\\033[0m\\n\", i }';"
                    + " echo COLOR_$((6*7)); exit 0\r");
            socket.awaitExit(WAIT);
            assertThat(socket.skips()).isEmpty();
            String text = socket.text();
            for (int n : new int[] {1, 2, count / 2, count - 1, count}) {
                assertThat(text).contains("\u001b[32m" + n + "\u001b[0m\r\n");
            }
            assertThat(text.split("\u001b\\[32m", -1)).hasSize(count + 1);
        }
    }

    @Test
    void anOpenStringSequenceKeepsTheLinesInsideItWhole() throws Exception {
        // An OSC (window title) left open swallows the lines after it in a terminal emulator,
        // until BEL: they are not plain text, so none of them is skipped.
        String id = TerminalTestServer.create(rpc);
        int count = 60_000;
        try (var socket = attachKeeping(id, 100)) {
            socket.attached();
            socket.input("printf '\\033]0;title'; seq 1 " + count + "; printf '\\007'; echo OSC_$((6*7)); exit 0\r");
            socket.awaitExit(WAIT);
            assertThat(socket.skips()).isEmpty();
            assertThat(socket.text()).contains("\r\n" + count / 2 + "\r\n").contains("OSC_42");
        }
    }

    @Test
    void withoutLinesNothingIsSkipped() throws Exception {
        String id = TerminalTestServer.create(rpc);
        try (var socket = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL_READ_SLOWLY)) {
            socket.attached();
            socket.input("seq 1 " + COUNT + "; echo ALL_$((6*7)); exit 0\r");
            socket.awaitExit(WAIT);
            assertThat(socket.skips()).isEmpty();
            // Every number, in order (the first follows the shell's prompt on its line).
            int expected = 1;
            for (String line : socket.text().split("\r\n")) {
                if (line.equals(Integer.toString(expected)) || expected == 1 && line.endsWith(" 1")) {
                    expected++;
                }
            }
            assertThat(expected - 1).isEqualTo(COUNT);
            assertThat(socket.text()).contains("ALL_42");
        }
    }

    @Test
    void aReplayAfterAFloodSkipsToTheKeptLines() throws Exception {
        // A reload attaches from 0: the ring's plain lines it cannot show are skipped too.
        String id = TerminalTestServer.create(rpc);
        try (var first = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            first.watchFor("REPLAY_42");
            first.input("seq 1 100000; echo REPLAY_$((6*7))\r");
            TerminalSocketClient.await(() -> first.markerSeenNanos() != 0, WAIT, "the end of the flood");
        }
        try (var again = attachKeeping(id, KEEP)) {
            assertThat(again.attached().get("seq").asLong()).isZero();
            again.awaitOutput("REPLAY_42", WAIT);
            assertThat(again.skips()).isNotEmpty();
            assertThat(again.received()).as("bytes replayed").isLessThan(16 * 1024);
            // The marker's line and the 299 numbers before it are kept; the first half is not sent.
            assertThat(again.text()).contains("\r\n99702\r\n").contains("\r\n100000\r\nREPLAY_42")
                    .doesNotContain("\r\n50000\r\n");
        }
        rpc.result("terminal/close", Map.of("terminalId", id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "abc", "1000001", "", "10&lines=20"})
    void aBadLinesIs400BeforeTheUpgrade(String lines) throws Exception {
        String id = TerminalTestServer.create(rpc);
        try {
            assertThat(WebSocketHandshake.refusedWith(uri(id, "?from=0&lines=" + lines), TerminalTestServer.AUTH))
                    .isEqualTo(400);
        } finally {
            rpc.result("terminal/close", Map.of("terminalId", id));
        }
    }

    /** The number on the line that ends right before {@code at} (a line start); 0 for the typed command's line. */
    private static int lineNumberEndingAt(String text, int at) {
        int start = text.lastIndexOf("\r\n", at - 3) + 2;
        String line = text.substring(start, at - 2);
        return line.matches("\\d+") ? Integer.parseInt(line) : 0;
    }
}
