package dev.stratus.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What counts as plain output and where a skip may start and end: control sequences, strings that
 * run over lines, C1 controls, lines without CR, and a random mix checked against where the
 * generator put its sequences.
 */
class PlainLinesTest {

    private static final class Output {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        /** Per byte: inside or part of a control sequence (as the generator knows). */
        final ByteArrayOutputStream unsafe = new ByteArrayOutputStream();

        Output plain(String s) {
            return add(s, false);
        }

        Output control(String s) {
            return add(s, true);
        }

        Output lines(int from, int to) {
            for (int n = from; n <= to; n++) {
                plain("line " + n + "\r\n");
            }
            return this;
        }

        private Output add(String s, boolean isUnsafe) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(b);
            for (int i = 0; i < b.length; i++) {
                unsafe.write(isUnsafe ? 1 : 0);
            }
            return this;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    private static PlainLines scanned(byte[] b, int chunk) {
        PlainLines lines = new PlainLines(64);
        for (int at = 0; at < b.length; at += chunk) {
            lines.scan(b, at, Math.min(chunk, b.length - at), at, 0);
        }
        return lines;
    }

    private static String text(byte[] b, long from, long to) {
        return new String(b, (int) from, (int) (to - from), StandardCharsets.UTF_8);
    }

    @Test
    void plainLinesSkipToKeepTheLastLinesAsked() {
        byte[] b = new Output().plain("$ cmd\r\n").lines(1, 50).bytes();
        long[] skip = scanned(b, 7).skip(0, 10, 1);
        assertThat(skip).isNotNull();
        assertThat(text(b, 0, skip[0])).isEqualTo("$ cmd\r\n");
        // 10 whole lines after the skip: 41..50.
        assertThat(text(b, skip[1], b.length)).startsWith("line 41\r\n").endsWith("line 50\r\n");
        assertThat(text(b, skip[0], skip[1])).startsWith("line 1\r\n").endsWith("line 40\r\n");
    }

    @Test
    void aSkipStartsAtOrAfterTheFirstByteNotSentYet() {
        byte[] b = new Output().lines(1, 50).bytes();
        PlainLines lines = scanned(b, b.length);
        int third = new String(b, StandardCharsets.US_ASCII).indexOf("line 3\r\n");
        long[] skip = lines.skip(third + 2, 10, 1);
        assertThat(text(b, skip[0], skip[0] + 8)).isEqualTo("line 4\r\n");
        assertThat(lines.skip(0, 60, 1)).as("fewer lines than asked to keep").isNull();
        assertThat(lines.skip(0, 10, b.length)).as("less than the smallest skip").isNull();
    }

    @Test
    void aSkipNeverCrossesAnEscapeSequenceAndKeepsEnoughLinesBeforeIt() {
        byte[] b = new Output().lines(1, 30).control("\u001b[31m").plain("red\r\n").control("\u001b[0m")
                .lines(31, 40).bytes();
        PlainLines lines = scanned(b, 5);
        long[] skip = lines.skip(0, 5, 1);
        // The first run (lines 1..30) keeps its last 5 lines before the escape sequence.
        assertThat(text(b, skip[0], skip[1])).startsWith("line 2\r\n").endsWith("line 25\r\n");
        long[] next = lines.skip(skip[1], 5, 1);
        // From there, the second run (after "red" and the reset) has lines 31..40: it keeps 36..40.
        assertThat(text(b, next[0], next[1])).startsWith("line 32\r\n").endsWith("line 35\r\n");
        assertThat(lines.plainFrom()).isEqualTo(new String(b, StandardCharsets.US_ASCII).indexOf("line 31"));
    }

    @Test
    void aControlSequenceOverALineBreakIsNotPlain() {
        // CSI parameters, a CR LF (executed inside the sequence), then its final byte.
        byte[] b = new Output().control("\u001b[3\r\n1m").lines(1, 5).bytes();
        long[] skip = scanned(b, 1).skip(0, 2, 1);
        assertThat(text(b, skip[0], skip[0] + 8)).isEqualTo("line 2\r\n");
    }

    @Test
    void stringSequencesRunOverLinesUntilTheirTerminator() {
        // OSC ends at BEL; DCS does not (only ST); C1 OSC (U+009D) ends at C1 ST (U+009C).
        for (String[] open : new String[][] {{"\u001b]0;title", "\u0007"}, {"\u001bPq", "\u001b\\"},
                {"\u009d0;t", "\u009c"}, {"\u001b_apc\u0007", "\u001b\\"}}) {
            Output o = new Output().control(open[0]);
            for (int n = 1; n <= 40; n++) {
                o.control("line " + n + "\r\n");
            }
            byte[] b = o.control(open[1]).lines(41, 50).bytes();
            PlainLines lines = scanned(b, 3);
            long[] skip = lines.skip(0, 3, 1);
            assertThat(skip).as("string opened by %s", open[0].codePointAt(1)).isNotNull();
            assertThat(text(b, skip[0], skip[0] + 9)).isEqualTo("line 42\r\n");
        }
    }

    @Test
    void nothingIsPlainWhileScrollMarginsNarrowerThanTheScreenAreSet() {
        // Below or inside a region, a line feed does not scroll the whole screen.
        for (String[] set : new String[][] {{"\u001b[1;10r", "\u001b[r"}, {"\u001b[5r", "\u001b[;r"},
                {"\u001b[2;24r", "\u001b[!p"}, {"\u009b3;20r", "\u001bc"}, {"\u001b[1;10r", "\u001b[0;0r"}}) {
            byte[] b = new Output().control(set[0]).lines(1, 50).control(set[1]).lines(51, 60).bytes();
            PlainLines lines = new PlainLines(64);
            lines.rows(24);
            lines.scan(b, 0, b.length, 0, 0);
            long[] skip = lines.skip(0, 3, 1);
            assertThat(skip).as("after %s", set[0]).isNotNull();
            assertThat(text(b, skip[0], skip[0] + 9)).as("after %s", set[0]).isEqualTo("line 52\r\n");
        }
        // Margins spanning the screen, and sequences that only look like DECSTBM, change nothing.
        for (String notARegion : new String[] {"\u001b[1;24r", "\u001b[r", "\u001b[?1;10r", "\u001b[1;30r"}) {
            byte[] b = new Output().control(notARegion).lines(1, 50).bytes();
            PlainLines lines = new PlainLines(64);
            lines.rows(24);
            lines.scan(b, 0, b.length, 0, 0);
            long[] skip = lines.skip(0, 3, 1);
            assertThat(skip).as("after %s", notARegion).isNotNull();
            assertThat(text(b, skip[0], skip[0] + 7)).as("after %s", notARegion).isEqualTo("line 2\r");
        }
        // ESC ( c designates a character set: not a reset.
        byte[] b = new Output().control("\u001b[1;10r\u001b(c").lines(1, 50).bytes();
        PlainLines lines = new PlainLines(64);
        lines.rows(24);
        lines.scan(b, 0, b.length, 0, 0);
        assertThat(lines.skip(0, 3, 1)).isNull();
    }

    @Test
    void linesEndedByLfAloneAreNotLineStarts() {
        byte[] b = "a\nb\nc\nd\ne\nf\n".repeat(20).getBytes(StandardCharsets.US_ASCII);
        assertThat(scanned(b, 4).skip(0, 2, 1)).isNull();
    }

    @Test
    void utf8TextIsPlainButC1ControlsAreNot() {
        byte[] b = new Output().plain("é 日本 \t tab\r\n").lines(1, 10).control("\u009b2J").lines(11, 20).bytes();
        PlainLines lines = scanned(b, 2);
        long[] skip = lines.skip(0, 3, 1);
        assertThat(text(b, skip[0], skip[1])).startsWith("line 1\r\n").endsWith("line 7\r\n");
        assertThat(lines.plainFrom()).isGreaterThan(skip[1]);
    }

    @Test
    void aLongFloodIsThinnedOutButSkipsStillKeepAtLeastTheLinesAsked() {
        Output o = new Output().lines(1, 20_000);
        byte[] b = o.bytes();
        PlainLines lines = new PlainLines(64);
        int chunk = 4096;
        for (int at = 0; at < b.length; at += chunk) {
            lines.scan(b, at, Math.min(chunk, b.length - at), at, Math.max(0, at - 100_000));
        }
        long[] skip = lines.skip(0, 100, 1);
        assertThat(skip).isNotNull();
        long kept = text(b, skip[1], b.length).lines().count();
        assertThat(kept).isBetween(100L, 100L + 20_000 / 16);
        assertThat(skip[0]).as("line starts older than the output held are forgotten").isGreaterThanOrEqualTo(b.length - 200_000L);
    }

    /**
     * Random output (plain lines, SGR colours, cursor moves, titles, lines that span chunk
     * boundaries), scanned in random chunks: every skip found covers only bytes the generator
     * wrote as plain text, starts and ends after CR LF, and is followed by at least the asked
     * number of whole plain lines before the next control sequence.
     */
    @Test
    void randomOutputOnlyEverSkipsPlainLinesFollowedByEnoughPlainLines() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Output o = new Output();
            int parts = 20 + random.nextInt(60);
            for (int p = 0; p < parts; p++) {
                switch (random.nextInt(6)) {
                    case 0 -> o.control("\u001b[" + random.nextInt(100) + "m");
                    case 1 -> o.control("\u001b]0;t\r\nitle " + p + "\u0007");
                    case 2 -> o.control("\u001b[" + random.nextInt(9) + ";" + random.nextInt(9) + "H");
                    case 3 -> o.plain("partial " + p);
                    default -> o.lines(p * 1000, p * 1000 + random.nextInt(40));
                }
            }
            byte[] b = o.bytes();
            byte[] unsafe = o.unsafe.toByteArray();
            PlainLines lines = new PlainLines(8 + random.nextInt(64));
            for (int at = 0; at < b.length; ) {
                int n = Math.min(1 + random.nextInt(300), b.length - at);
                lines.scan(b, at, n, at, 0);
                at += n;
            }
            int keep = 1 + random.nextInt(10);
            long from = 0;
            long[] skip;
            while ((skip = lines.skip(from, keep, 1)) != null) {
                assertThat(skip[0]).isGreaterThanOrEqualTo(from);
                assertThat(skip[1]).isGreaterThan(skip[0]);
                for (long at : skip) {
                    assertThat(b[(int) at - 2]).isEqualTo((byte) '\r');
                    assertThat(b[(int) at - 1]).isEqualTo((byte) '\n');
                }
                int crlfs = 0;
                int at = (int) skip[0] - 2;
                while (at < b.length && unsafe[at] == 0 && (at < skip[1] || crlfs < keep)) {
                    if (at >= skip[1] && b[at] == '\n' && b[at - 1] == '\r') {
                        crlfs++;
                    }
                    at++;
                }
                assertThat(at).as("round %d: plain from %d through the skip", round, skip[0] - 2)
                        .isGreaterThanOrEqualTo((int) skip[1]);
                assertThat(crlfs).as("round %d: whole plain lines after the skip to %d", round, skip[1])
                        .isGreaterThanOrEqualTo(keep);
                from = skip[1];
            }
        }
    }
}
