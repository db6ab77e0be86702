package dev.stratus.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.protocol.search.SearchTextParams;
import dev.stratus.protocol.search.TextMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The literal fast path must find exactly what the query's regular expression finds. */
class SearchLiteralScannerTest {
    private static final String[] PIECES = {"a", "A", "b", "B", "k", "K", "s", "S", "i", "I", "_", "1", " ", "\n", ".",
        "\u0130", "\u0131", "\u017f", "\u212a", "é", "É", "ü", "日", "\u0301", "\u200d", "😀", "\ud835\udc00", "-", "ab", "Ab"};
    private static final String[] QUERIES = {"a", "ab", "AB", "aB_", "kiss", "SK", "is", "a.b", "ba", "1a", "é", "aé", "日a",
        "a a", "_", "aa"};

    @Test
    void findsTheSameMatchesAsThePattern() {
        Random r = new Random(11);
        int compared = 0;
        for (int round = 0; round < 12000; round++) {
            StringBuilder text = new StringBuilder();
            int pieces = r.nextInt(40);
            for (int i = 0; i < pieces; i++) {
                text.append(PIECES[r.nextInt(PIECES.length)]);
            }
            String query = QUERIES[r.nextInt(QUERIES.length)];
            boolean caseSensitive = r.nextBoolean();
            boolean wholeWord = r.nextBoolean();
            TextQuery q = TextQuery.of(new SearchTextParams(query, false, caseSensitive, wholeWord, List.of(), List.of(), 1000),
                    SearchConfig.defaults());
            if (q.literal() == null) {
                assertThat(caseSensitive).as("only non-ASCII case-insensitive queries keep the regex path").isFalse();
                continue;
            }
            List<Integer> expected = new ArrayList<>();
            Matcher m = q.pattern().matcher(text);
            while (m.find()) {
                assertThat(m.end() - m.start()).isEqualTo(query.length());
                expected.add(m.start());
            }
            List<Integer> actual = new ArrayList<>();
            LiteralScanner.Cursor c = q.literal().cursor(text.toString());
            for (int p = c.next(); p >= 0; p = c.next()) {
                actual.add(p);
            }
            assertThat(actual).as("%s in %s (caseSensitive %s, wholeWord %s)", query, text, caseSensitive, wholeWord)
                    .isEqualTo(expected);
            compared += expected.size();
        }
        assertThat(compared).as("the comparison found matches").isGreaterThan(1000);
    }

    @Test
    void foldsTheCharactersThePatternFoldsToAscii() {
        TextQuery q = TextQuery.of(new SearchTextParams("kiss", false, false, false, List.of(), List.of(), 1000),
                SearchConfig.defaults());
        String text = "x \u212a\u0131\u017fS \u0130\u0130ss kIsS";
        List<Integer> expected = new ArrayList<>();
        for (Matcher m = q.pattern().matcher(text); m.find(); ) {
            expected.add(m.start());
        }
        List<Integer> actual = new ArrayList<>();
        LiteralScanner.Cursor c = q.literal().cursor(text);
        for (int p = c.next(); p >= 0; p = c.next()) {
            actual.add(p);
        }
        assertThat(actual).isEqualTo(expected).hasSize(2);
    }

    @Test
    void reportsLinesColumnsAndPreviewsOfLiteralMatches() {
        TextQuery q = TextQuery.of(new SearchTextParams("abc", false, false, false, List.of(), List.of(), 1000),
                SearchConfig.defaults());
        assertThat(q.literal()).isNotNull();
        List<TextMatch> found = LineMatcher.find("f", "xabc\r\n\nABC abc\nno\n", q, 10, 1_000_000_000L);
        assertThat(found).containsExactly(
                new TextMatch("f", 1, 2, 3, "xabc"),
                new TextMatch("f", 3, 1, 3, "ABC abc"),
                new TextMatch("f", 3, 5, 3, "ABC abc"));
    }
}
