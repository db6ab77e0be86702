package dev.stratus.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.protocol.search.SearchTextParams;
import dev.stratus.protocol.search.TextMatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines skipped for lacking a regular expression's required text still count in line numbers. */
class SearchRegexLineSkipTest {

    @Test
    void matchesAfterSkippedLinesKeepTheirLineNumbers() {
        TextQuery q = TextQuery.of(new SearchTextParams("lock\\(&\\w+\\)", true, true, false, List.of(), List.of(), 1000),
                SearchConfig.defaults());
        assertThat(q.lineLiteral()).isEqualTo("lock(&");
        String text = "lock(&a)\n\nx\r\nLOCK(&b)\nlock(& c) lock(&d) lock(&e)\n\nlock(&\nlock(&f)";
        assertThat(LineMatcher.find("f", text, q, 100, 1_000_000_000L)).containsExactly(
                new TextMatch("f", 1, 1, 8, "lock(&a)"),
                new TextMatch("f", 5, 11, 8, "lock(& c) lock(&d) lock(&e)"),
                new TextMatch("f", 5, 20, 8, "lock(& c) lock(&d) lock(&e)"),
                new TextMatch("f", 8, 1, 8, "lock(&f)"));
    }

    @Test
    void inlineFlagsAndCaseInsensitiveQueriesScanEveryLine() {
        SearchConfig config = SearchConfig.defaults();
        assertThat(TextQuery.of(new SearchTextParams("(?i)lock\\(", true, true, false, List.of(), List.of(), 10), config)
                .lineLiteral()).isNull();
        assertThat(TextQuery.of(new SearchTextParams("lock\\(", true, false, false, List.of(), List.of(), 10), config)
                .lineLiteral()).isNull();
    }
}
