package dev.stratus.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.protocol.search.SearchTextParams;
import dev.stratus.protocol.search.TextMatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Matching a literal on a file's bytes must give exactly what matching its decoded text gives
 * (same lines, UTF-16 columns, lengths and previews), or decline (null) so that the text decides.
 */
class SearchUtf8LiteralMatcherTest {
    private static final int PROBE = 8192;
    private static final String[] PIECES = {"a", "A", "b", "B", "k", "K", "s", "S", "i", "I", "p", "n", "_", "1", " ", ".",
        "\n", "\n", "\r\n", "\r", "\t", "spin", "SPIN", "Kiss", "ab", "AB", "é", "É", "ü", "日本", "\u0301", "😀", "\ud835\udc00",
        "\u00b5", "\u00ff", "\u00c4", "\u00e2"};
    /** The non-ASCII characters that fold onto ASCII letters (i, s, k). */
    private static final String[] FOLDING = {"\u0130", "\u0131", "\u017f", "\u212a"};
    /** Bytes that are not UTF-8 text: stray continuation and lead bytes, truncated sequences, a surrogate, an overlong form. */
    private static final byte[][] MALFORMED = {{(byte) 0x80}, {(byte) 0xbf}, {(byte) 0xc3}, {(byte) 0xe2, (byte) 0x84},
        {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}, {(byte) 0xff}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xc0, (byte) 0xaf},
        {(byte) 0xc4}, {(byte) 0xc5}};
    private static final String[] QUERIES = {"a", "ab", "AB", "aB_", "spin", "SPIN_", "pin", "kiss", "SK", "is", "i", "s", "a.b",
        "ba", "1a", "a a", "_", "aa", "b\tb", "n", "b_a", "bAb", "pspin", "bsb", "b1_b", "abkpa", "bisb", "pinAB"};

    private static List<TextMatch> find(byte[] bytes, TextQuery query, int limit) {
        // The content is followed by other bytes in a reused buffer: they must not count.
        byte[] buffer = java.util.Arrays.copyOf(bytes, bytes.length + 9);
        java.util.Arrays.fill(buffer, bytes.length, buffer.length, (byte) 'a');
        return Utf8LiteralMatcher.find("f", buffer, bytes.length, query, limit, PROBE);
    }

    private static TextQuery query(String text, boolean caseSensitive, boolean wholeWord) {
        return TextQuery.of(new SearchTextParams(text, false, caseSensitive, wholeWord, List.of(), List.of(), 20000),
                SearchConfig.defaults());
    }

    /** The query as a match may spell it: other cases, folding characters for i, s and k. */
    private static String variant(String query, Random r) {
        StringBuilder s = new StringBuilder();
        for (char c : query.toCharArray()) {
            String alternatives = switch (Character.toLowerCase(c)) {
                case 'i' -> "iI\u0130\u0131";
                case 's' -> "sS\u017f";
                case 'k' -> "kK\u212a";
                default -> "" + Character.toLowerCase(c) + Character.toUpperCase(c);
            };
            s.append(alternatives.charAt(r.nextInt(alternatives.length())));
        }
        return s.toString();
    }

    private static byte[] randomFile(Random r, String query) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (r.nextInt(12)) {
            case 0 -> out.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
            case 1 -> out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe});
            default -> { }
        }
        int pieces = r.nextInt(r.nextInt(10) == 0 ? 1500 : 60);
        for (int i = 0; i < pieces; i++) {
            int kind = r.nextInt(20);
            if (kind == 0) {
                out.writeBytes(MALFORMED[r.nextInt(MALFORMED.length)]);
            } else if (kind == 1 && r.nextInt(30) == 0) {
                out.write(0);
            } else if (kind == 2 && r.nextInt(8) == 0) {
                out.writeBytes(FOLDING[r.nextInt(FOLDING.length)].getBytes(StandardCharsets.UTF_8));
            } else if (kind == 3) {
                out.writeBytes(variant(query, r).getBytes(StandardCharsets.UTF_8));
            } else {
                out.writeBytes(PIECES[r.nextInt(PIECES.length)].getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    @Test
    void findsWhatTheDecodedTextFindsOrDeclines() {
        Random r = new Random(7);
        int decided = 0;
        int declined = 0;
        int matches = 0;
        for (int round = 0; round < 30000; round++) {
            String q = QUERIES[r.nextInt(QUERIES.length)];
            byte[] bytes = randomFile(r, q);
            boolean caseSensitive = r.nextBoolean();
            TextQuery query = query(q, caseSensitive, r.nextInt(3) == 0);
            int limit = r.nextInt(5) == 0 ? 1 + r.nextInt(3) : 20001;
            List<TextMatch> actual = find(bytes, query, limit);
            String text = IndexableFile.decode(bytes, PROBE);
            if (text == null) {
                assertThat(actual).as("binary bytes are left to the text path").isNull();
                continue;
            }
            if (actual == null) {
                declined++;
                continue;
            }
            List<TextMatch> expected = LineMatcher.find("f", text, query, limit, 1_000_000_000L);
            assertThat(actual).as("%s in %s (caseSensitive %s, wholeWord %s)", q, text, caseSensitive,
                    query.pattern().pattern().startsWith("(?<!")).isEqualTo(expected);
            decided++;
            matches += actual.size();
        }
        assertThat(decided).as("the bytes decided often enough to compare (declined %d)", declined).isGreaterThan(10000);
        assertThat(matches).as("the comparison found matches").isGreaterThan(10000);
    }

    @Test
    void columnsCountUtf16UnitsAfterNonAsciiText() {
        byte[] bytes = "日本 😀 spin x\ufffdspin\r\nspin\n".getBytes(StandardCharsets.UTF_8);
        assertThat(find(bytes, query("SPIN", false, false), 100)).containsExactly(
                new TextMatch("f", 1, 7, 4, "日本 😀 spin x\ufffdspin"),
                new TextMatch("f", 1, 14, 4, "日本 😀 spin x\ufffdspin"),
                new TextMatch("f", 2, 1, 4, "spin"));
    }

    @Test
    void nonAsciiCharacterThatFoldsOntoTheQueryLeavesTheFileToTheText() {
        byte[] bytes = "\u017fpin_lock and spin_lock\n".getBytes(StandardCharsets.UTF_8);
        assertThat(find(bytes, query("spin_lock", false, false), 100)).isNull();
        assertThat(LineMatcher.find("f", IndexableFile.decode(bytes, PROBE), query("spin_lock", false, false), 100, 1_000_000_000L))
                .hasSize(2);
        // The Kelvin sign folds to k, which this query lacks; a case-sensitive query never folds.
        byte[] kelvin = "\u212a spin\n".getBytes(StandardCharsets.UTF_8);
        assertThat(find(kelvin, query("spin", false, false), 100))
                .containsExactly(new TextMatch("f", 1, 3, 4, "\u212a spin"));
        assertThat(find(bytes, query("spin_lock", true, false), 100))
                .containsExactly(new TextMatch("f", 1, 15, 9, "\u017fpin_lock and spin_lock"));
    }

    @Test
    void wholeWordBesideNonAsciiLeavesTheFileToTheText() {
        TextQuery q = query("lock", false, true);
        assertThat(find("lock\u00e9\n".getBytes(StandardCharsets.UTF_8), q, 100)).isNull();
        assertThat(find("\u2026lock\n".getBytes(StandardCharsets.UTF_8), q, 100)).isNull();
        assertThat(find("(lock) xlock lock".getBytes(StandardCharsets.UTF_8), q, 100))
                .containsExactly(new TextMatch("f", 1, 2, 4, "(lock) xlock lock"), new TextMatch("f", 1, 14, 4, "(lock) xlock lock"));
    }

    @Test
    void previewIsCutLikeTheTextPreview() {
        String line = "x".repeat(999) + "😀 spin" + "y".repeat(2000);
        byte[] bytes = ("spin\n" + line + "\nend spin").getBytes(StandardCharsets.UTF_8);
        TextQuery q = query("spin", true, false);
        List<TextMatch> found = find(bytes, q, 100);
        assertThat(found).isEqualTo(LineMatcher.find("f", IndexableFile.decode(bytes, PROBE), q, 100, 1_000_000_000L));
        assertThat(found.get(1).preview()).hasSize(999);
        assertThat(found.get(1).column()).isEqualTo(1003);
        assertThat(found.get(2)).isEqualTo(new TextMatch("f", 3, 5, 4, "end spin"));
    }

    @Test
    void utf16AndBinaryFilesAreLeftToTheText() {
        TextQuery q = query("spin", false, false);
        byte[] utf16 = "\ufeffspin\n".getBytes(StandardCharsets.UTF_16LE);
        assertThat(find(utf16, q, 100)).isNull();
        assertThat(find(new byte[] {'s', 'p', 'i', 'n', 0, '\n'}, q, 100)).isNull();
        byte[] lateNul = new byte[PROBE + 10];
        java.util.Arrays.fill(lateNul, (byte) 'x');
        lateNul[PROBE + 1] = 0;
        assertThat(find(lateNul, query("xx", true, false), 1)).hasSize(1);
    }

    @Test
    void countsLineBreaksEightBytesAtATime() {
        byte[] breaks = new byte[10_000];
        java.util.Arrays.fill(breaks, (byte) '\n');
        assertThat(Utf8LiteralMatcher.countLineBreaks(breaks, 0, breaks.length)).isEqualTo(10_000);
        assertThat(Utf8LiteralMatcher.countLineBreaks(breaks, 3, 9_998)).isEqualTo(9_995);
        Random r = new Random(3);
        for (int round = 0; round < 5000; round++) {
            byte[] b = new byte[r.nextInt(r.nextInt(20) == 0 ? 5000 : 70)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) switch (r.nextInt(4)) {
                    case 0 -> '\n';
                    case 1 -> r.nextInt(256);
                    case 2 -> '\n' + (r.nextBoolean() ? 1 : -1);
                    default -> 0x8a;
                };
            }
            int from = r.nextInt(b.length + 1);
            int to = from + r.nextInt(b.length - from + 1);
            int expected = 0;
            for (int i = from; i < to; i++) {
                expected += b[i] == '\n' ? 1 : 0;
            }
            assertThat(Utf8LiteralMatcher.countLineBreaks(b, from, to)).isEqualTo(expected);
        }
    }
}
