package dev.stratus.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code search/text} finds exactly the (path, line) pairs the real ripgrep finds on a generated
 * corpus, for every kind of query.
 */
class SearchParityTest {
    @TempDir
    static Path base;
    static TestServer server;
    static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        SearchCorpus.generate(base.resolve("data"), 42, 400);
        server = TestServer.start(base);
        rpc = server.rpc();
        SearchRpc.awaitReady(rpc);
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
    }

    /** name, query, isRegex, caseSensitive, wholeWord, include, exclude. */
    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("literal", "fooBar", false, false, false, List.of(), List.of()),
                Arguments.of("case-sensitive literal", "FooBar", false, true, false, List.of(), List.of()),
                Arguments.of("case-insensitive literal", "FOOBAR", false, false, false, List.of(), List.of()),
                Arguments.of("literal with regex characters", "a.b(c)", false, false, false, List.of(), List.of()),
                Arguments.of("whole word", "alpha", false, false, true, List.of(), List.of()),
                Arguments.of("case-sensitive whole word", "Alpha", false, true, true, List.of(), List.of()),
                Arguments.of("regex", "fo+_?bar", true, false, false, List.of(), List.of()),
                Arguments.of("regex with classes and anchors", "^public class [A-ZÜ]\\w+\\d\\s*\\{$", true, true, false, List.of(), List.of()),
                Arguments.of("regex with digits and end anchor", "\\d{3}-\\d{4};$", true, false, false, List.of(), List.of()),
                Arguments.of("regex alternation", "omega|needle", true, true, false, List.of(), List.of()),
                Arguments.of("regex without literals", "x\\d\\b", true, false, false, List.of(), List.of()),
                Arguments.of("regex optional", "colou?r", true, false, false, List.of(), List.of()),
                Arguments.of("regex whole word", "alpha\\w*", true, false, true, List.of(), List.of()),
                Arguments.of("regex dot at line end", "needle.$", true, false, false, List.of(), List.of()),
                Arguments.of("include glob", "alpha", false, false, false, List.of("*.java"), List.of()),
                Arguments.of("include glob with alternatives", "alpha", false, false, false, List.of("*.{ts,js}", "src/**/util/*.{java,py}"), List.of()),
                Arguments.of("include anchored path glob", "alpha", false, false, false, List.of("/src/main/**/*.java"), List.of()),
                Arguments.of("exclude glob", "alpha", false, false, false, List.of(), List.of("*.md")),
                Arguments.of("exclude folder", "alpha", false, false, false, List.of(), List.of("docs", "src/test/")),
                Arguments.of("include and exclude", "needle", false, false, false, List.of("*.java", "*.md"), List.of("docs/guide/**")),
                Arguments.of("unicode literal", "grüße", false, true, false, List.of(), List.of()),
                Arguments.of("unicode case-insensitive", "über", false, false, false, List.of(), List.of()),
                Arguments.of("unicode case-insensitive greek", "σίσυφος", false, false, false, List.of(), List.of()),
                Arguments.of("non-BMP literal", "😀smile", false, false, false, List.of(), List.of()),
                Arguments.of("CJK literal", "日本語", false, false, false, List.of(), List.of()),
                Arguments.of("no match", "zzqqxxnotthere", false, false, false, List.of(), List.of()),
                Arguments.of("short literal", "x2", false, false, false, List.of(), List.of()),
                Arguments.of("word in ignored and special files", "needle", false, false, false, List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void findsTheSameLinesAsRipgrep(String name, String query, boolean regex, boolean caseSensitive, boolean wholeWord,
                                    List<String> include, List<String> exclude) throws Exception {
        List<String> flags = new ArrayList<>();
        if (!regex) {
            flags.add("-F");
        }
        flags.add(caseSensitive ? "-s" : "-i");
        if (wholeWord) {
            flags.add("-w");
        }
        TreeSet<String> expected = Ripgrep.lines(server.workspace, query, flags, include, exclude);
        JsonNode result = rpc.result("search/text", SearchRpc.query(query, "isRegex", regex, "caseSensitive", caseSensitive,
                "wholeWord", wholeWord, "include", include, "exclude", exclude, "maxResults", 20000));
        assertThat(result.get("truncated").asBoolean()).isFalse();
        assertThat(SearchRpc.lines(result)).as(name).isEqualTo(expected);
        if (!name.equals("no match")) {
            assertThat(expected).as("the query finds something, so the comparison means something").isNotEmpty();
        }
    }

    @Test
    void matchesCarryUtf16ColumnsLengthsAndPreviewsInPathOrder() throws Exception {
        JsonNode result = rpc.result("search/text", SearchRpc.query("smile", "caseSensitive", true, "maxResults", 20000));
        List<String> order = new ArrayList<>();
        for (JsonNode m : result.get("matches")) {
            String preview = m.get("preview").asText();
            int column = m.get("column").asInt();
            assertThat(preview.substring(column - 1, column - 1 + m.get("length").asInt())).isEqualTo("smile");
            order.add(m.get("path").asText() + String.format("%06d%06d", m.get("line").asInt(), column));
        }
        assertThat(order).isNotEmpty().isSorted();
        JsonNode longLine = rpc.result("search/text", SearchRpc.query("needle alpha", "include", List.of("long-line.txt")));
        JsonNode m = longLine.get("matches").get(0);
        assertThat(m.get("column").asInt()).isEqualTo("start ".length() + 5000 + 2);
        assertThat(m.get("preview").asText()).hasSize(1000).startsWith("start xxx");
        JsonNode crlf = rpc.result("search/text", SearchRpc.query("fooBar at end", "include", List.of("crlf.txt")));
        assertThat(crlf.get("matches").get(0).get("preview").asText()).isEqualTo("fooBar at end");
    }

    @Test
    void maxResultsTruncatesInPathOrder() throws Exception {
        JsonNode all = rpc.result("search/text", SearchRpc.query("alpha", "maxResults", 20000));
        JsonNode some = rpc.result("search/text", SearchRpc.query("alpha", "maxResults", 7));
        assertThat(all.get("truncated").asBoolean()).isFalse();
        assertThat(some.get("truncated").asBoolean()).isTrue();
        assertThat(some.get("matches")).hasSize(7);
        for (int i = 0; i < 7; i++) {
            assertThat(some.get("matches").get(i)).isEqualTo(all.get("matches").get(i));
        }
        JsonNode exact = rpc.result("search/text", SearchRpc.query("alpha", "maxResults", all.get("matches").size()));
        assertThat(exact.get("truncated").asBoolean()).isFalse();
    }

    /**
     * The one deliberate difference from {@code rg -g}: ripgrep lets an include glob override the
     * ignore rules ({@code rg -g '*.log'} searches ignored {@code .log} files); the index never
     * holds ignored files, so include globs only narrow what it holds.
     */
    @Test
    void includeGlobsNeverBringBackIgnoredFiles() throws Exception {
        JsonNode result = rpc.result("search/text", SearchRpc.query("alpha", "include", List.of("*.log")));
        assertThat(SearchRpc.lines(result)).containsExactly("keep.log:1");
    }

    @Test
    void anEmptyQueryFindsNothing() throws Exception {
        JsonNode result = rpc.result("search/text", Map.of("query", ""));
        assertThat(result.get("matches")).isEmpty();
        assertThat(result.get("truncated").asBoolean()).isFalse();
    }
}
