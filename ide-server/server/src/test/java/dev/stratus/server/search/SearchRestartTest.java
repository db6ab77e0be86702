package dev.stratus.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart on the same data dir reuses the index and reindexes only what changed meanwhile. */
class SearchRestartTest {
    @TempDir
    Path base;

    private record Run(JsonNode status, TreeSet<String> needle) {
    }

    private Run startSearchAndStop() throws Exception {
        try (TestServer server = TestServer.start(base); RpcClient rpc = server.rpc()) {
            JsonNode status = SearchRpc.awaitReady(rpc);
            TreeSet<String> lines = SearchRpc.lines(rpc.result("search/text", SearchRpc.query("needle", "maxResults", 20000)));
            assertThat(lines).isEqualTo(Ripgrep.lines(server.workspace, "needle", List.of("-F", "-i"), List.of(), List.of()));
            return new Run(status, lines);
        }
    }

    @Test
    void aRestartReindexesNothingOnAnUnchangedTreeAndOnlyWhatChangedOtherwise() throws Exception {
        Path ws = base.resolve("data");
        SearchCorpus.generate(ws, 7, 150);

        Run first = startSearchAndStop();
        int total = first.status().get("totalFiles").asInt();
        assertThat(total).isGreaterThan(100);
        assertThat(first.status().get("reindexedFiles").asInt()).as("a first start indexes every file").isEqualTo(total);
        assertThat(Files.exists(base.resolve("state/index/data"))).isTrue();

        Run second = startSearchAndStop();
        assertThat(second.status().get("reindexedFiles").asInt()).as("unchanged tree").isZero();
        assertThat(second.status().get("totalFiles").asInt()).isEqualTo(total);
        assertThat(second.needle()).isEqualTo(first.needle());

        Path changed = ws.resolve("lib/no-final-newline.txt");
        Files.writeString(changed, "changed while the server was down\nnew needle line\n");
        Files.setLastModifiedTime(changed, FileTime.from(Instant.now().plusSeconds(5)));
        Path removed = ws.resolve("crlf.txt");
        Files.delete(removed);
        Run third = startSearchAndStop();
        assertThat(third.status().get("reindexedFiles").asInt()).as("one file changed, one deleted").isEqualTo(1);
        assertThat(third.status().get("totalFiles").asInt()).isEqualTo(total - 1);
        assertThat(third.needle()).contains("lib/no-final-newline.txt:2").noneMatch(l -> l.startsWith("crlf.txt:"));
    }
}
