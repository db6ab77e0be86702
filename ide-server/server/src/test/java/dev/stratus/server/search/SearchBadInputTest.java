package dev.stratus.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.ErrorCodes;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input to search/*, with its error code; hostile regular expressions are bounded. */
class SearchBadInputTest {
    @TempDir
    static Path base;
    static TestServer server;
    static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        Path ws = Files.createDirectories(base.resolve("data"));
        Files.writeString(ws.resolve("hostile.txt"), "a".repeat(50_000) + "b\nsecond line\n");
        Files.writeString(ws.resolve("ok.txt"), "plain needle\n");
        server = TestServer.start(base);
        rpc = server.rpc();
        SearchRpc.awaitReady(rpc);
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
    }

    /**
     * The response is sent only after every worker thread of the search has ended, so an answer
     * at all proves no thread is left running the regex.
     */
    @Test
    void aCatastrophicRegexFailsWithUnavailableWithinTheBoundAndTheServerKeepsAnswering() throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) {
            long started = System.nanoTime();
            JsonNode response = rpc.call("search/text", SearchRpc.query("(a+)+$", "isRegex", true));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(response.get("error").get("code").asInt()).isEqualTo(ErrorCodes.UNAVAILABLE);
            assertThat(response.get("error").get("message").asText()).contains("regular expression took too long");
            assertThat(response.get("error").has("data")).isFalse();
            assertThat(tookMs).as("the issue's bound, about 1.5 s").isLessThan(1500);
            JsonNode ok = rpc.result("search/text", SearchRpc.query("needle"));
            assertThat(SearchRpc.lines(ok)).containsExactly("ok.txt:1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"(unclosed", "[z-a]", "a{2,1}", "*start", "\\", "(?<name)x"})
    void anInvalidRegexIsInvalidParamsWithTheReason(String regex) throws Exception {
        JsonNode error = rpc.call("search/text", SearchRpc.query(regex, "isRegex", true)).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(error.get("message").asText()).startsWith("Invalid regular expression");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[abc", "{a,b", "a}", "{a,{b,c}}", "[z-a].txt", "trailing\\"})
    void anInvalidGlobIsInvalidParamsWithTheReason(String glob) throws Exception {
        for (String list : List.of("include", "exclude")) {
            JsonNode error = rpc.call("search/text", SearchRpc.query("needle", list, List.of(glob))).get("error");
            assertThat(error.get("code").asInt()).isEqualTo(ErrorCodes.INVALID_PARAMS);
            assertThat(error.get("message").asText()).startsWith("Invalid glob");
        }
    }

    @Test
    void missingOrMalformedParamsAreInvalidParams() throws Exception {
        Map<String, Object> nullQuery = new HashMap<>();
        nullQuery.put("query", null);
        assertThat(rpc.errorCode("search/text", nullQuery)).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("search/text", Map.of())).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("search/text", null)).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("search/text", Map.of("query", "x", "isRegex", Map.of("nested", 1)))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("search/text", SearchRpc.query("two\nlines"))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("search/text", SearchRpc.query("needle", "maxResults", 0))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("search/text", SearchRpc.query("needle", "maxResults", -3))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("search/files", Map.of())).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("search/files", Map.of("query", "ok", "maxResults", 0))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("search/symbols", null)).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("search/symbols", Map.of("query", "x", "maxResults", -1))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(SearchRpc.lines(rpc.result("search/text", SearchRpc.query("needle")))).containsExactly("ok.txt:1");
    }

    @Test
    void oversizedLimitsAreClampedAndBlankGlobsIgnored() throws Exception {
        JsonNode result = rpc.result("search/text", SearchRpc.query("needle", "maxResults", 1_000_000, "include", List.of("", "# comment")));
        assertThat(SearchRpc.lines(result)).containsExactly("ok.txt:1");
        assertThat(SearchRpc.paths(rpc.result("search/files", Map.of("query", "", "maxResults", 1_000_000))))
                .containsExactly("hostile.txt", "ok.txt");
    }
}
