package dev.stratus.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index follows the disk: saves, direct edits, deletes, moves and ignore-rule changes. */
class SearchIndexUpdateTest {
    /** The bound: a saved file is searchable within 1 s. */
    private static final long SEARCHABLE_WITHIN_MS = 1000;

    @TempDir
    static Path base;
    static TestServer server;
    static RpcClient rpc;
    static Path ws;

    @BeforeAll
    static void start() throws Exception {
        ws = Files.createDirectories(base.resolve("data"));
        Files.writeString(ws.resolve("existing.txt"), "nothing special\n");
        server = TestServer.start(base);
        rpc = server.rpc();
        SearchRpc.awaitReady(rpc);
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
    }

    /** Polls until {@code query} finds exactly {@code expected}; returns the milliseconds it took. */
    private static long until(String query, Set<String> expected) throws Exception {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(10);
        TreeSet<String> found;
        do {
            found = SearchRpc.lines(rpc.result("search/text", SearchRpc.query(query, "caseSensitive", true)));
            if (found.equals(expected)) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(query + " found " + found + ", expected " + expected);
    }

    @Test
    void aFileSavedThroughTheFileServiceIsSearchableWithinOneSecond() throws Exception {
        assertThat(until("savedViaRpc", Set.of())).isGreaterThanOrEqualTo(0);
        rpc.result("fs/write", Map.of("path", "saved.ts", "content", "const x = 1;\nexport const savedViaRpc = 2;\n"));
        assertThat(until("savedViaRpc", Set.of("saved.ts:2"))).isLessThan(SEARCHABLE_WITHIN_MS);
        rpc.result("fs/write", Map.of("path", "saved.ts", "content", "// moved down\n\nexport const savedViaRpc = 3;\n"));
        assertThat(until("savedViaRpc", Set.of("saved.ts:3"))).isLessThan(SEARCHABLE_WITHIN_MS);
    }

    @Test
    void changesMadeOnDiskByOtherToolsAreFollowed() throws Exception {
        Files.createDirectories(ws.resolve("tool/deep"));
        Files.writeString(ws.resolve("tool/deep/a.txt"), "diskToken here\n");
        Files.writeString(ws.resolve("tool/b.txt"), "and diskToken\n");
        assertThat(until("diskToken", Set.of("tool/deep/a.txt:1", "tool/b.txt:1"))).isLessThan(SEARCHABLE_WITHIN_MS);

        Files.move(ws.resolve("tool/b.txt"), ws.resolve("tool/renamed.txt"));
        assertThat(until("diskToken", Set.of("tool/deep/a.txt:1", "tool/renamed.txt:1"))).isLessThan(SEARCHABLE_WITHIN_MS);

        Files.delete(ws.resolve("tool/deep/a.txt"));
        Files.delete(ws.resolve("tool/deep"));
        assertThat(until("diskToken", Set.of("tool/renamed.txt:1"))).isLessThan(SEARCHABLE_WITHIN_MS);

        Files.createDirectories(ws.resolve("moved-in-later"));
        Path outside = Files.createDirectories(base.resolve("staging/pkg"));
        Files.writeString(outside.resolve("c.txt"), "x\ndiskToken in a folder moved in\n");
        Files.move(outside, ws.resolve("moved-in-later/pkg"));
        assertThat(until("diskToken", Set.of("tool/renamed.txt:1", "moved-in-later/pkg/c.txt:2"))).isLessThan(SEARCHABLE_WITHIN_MS);
        assertThat(SearchRpc.paths(rpc.result("search/files", Map.of("query", "movedinlaterpkgc")))).contains("moved-in-later/pkg/c.txt");
    }

    @Test
    void editingIgnoreFilesHidesAndRestoresFiles() throws Exception {
        Files.createDirectories(ws.resolve("gen"));
        Files.writeString(ws.resolve("gen/out.txt"), "ignoreToken\n");
        Files.writeString(ws.resolve("kept.txt"), "ignoreToken\n");
        until("ignoreToken", Set.of("gen/out.txt:1", "kept.txt:1"));

        rpc.result("fs/write", Map.of("path", ".gitignore", "content", "gen/\n"));
        until("ignoreToken", Set.of("kept.txt:1"));
        assertThat(SearchRpc.paths(rpc.result("search/files", Map.of("query", "gen/out")))).doesNotContain("gen/out.txt");

        rpc.result("fs/write", Map.of("path", ".gitignore", "content", "# nothing ignored now\n"));
        until("ignoreToken", Set.of("gen/out.txt:1", "kept.txt:1"));
    }

    @Test
    void symlinksAndFilesWrittenIntoIgnoredFoldersStayOutOfTheIndex() throws Exception {
        Files.writeString(ws.resolve(".gitignore"), "# nothing ignored now\n");
        Files.createDirectories(ws.resolve("nm"));
        Path outsideFile = Files.writeString(base.resolve("outside-secret.txt"), "linkToken secret outside\n");
        Files.createSymbolicLink(ws.resolve("link.txt"), outsideFile);
        Files.writeString(ws.resolve("visible.txt"), "linkToken visible\n");
        until("linkToken", Set.of("visible.txt:1"));
        assertThat(SearchRpc.paths(rpc.result("search/files", Map.of("query", "link.txt")))).doesNotContain("link.txt");
    }

    @Test
    void connectedClientsGetProgressNotificationsWhenARebuildHasWorkToDo() throws Exception {
        try (RpcClient watcher = server.rpc(); RpcClient bystander = server.rpc()) {
            Files.createDirectories(ws.resolve("hidden-by-git"));
            Files.writeString(ws.resolve("hidden-by-git/a.txt"), "progressToken\n");
            rpc.result("fs/write", Map.of("path", ".gitignore", "content", "hidden-by-git/\n"));
            until("progressToken", Set.of());
            SearchRpc.awaitReady(watcher);
            // .ignore beats .gitignore: the folder comes back, so the rebuild has a file to index.
            rpc.result("fs/write", Map.of("path", ".ignore", "content", "!hidden-by-git/\n"));
            JsonNode ready = null;
            boolean sawIndexing = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ready == null && System.nanoTime() < deadline) {
                JsonNode n = watcher.nextNotification(500);
                if (n != null && n.get("method").asText().equals("search/indexProgress")) {
                    String state = n.get("params").get("state").asText();
                    sawIndexing |= state.equals("indexing");
                    if (state.equals("ready") && sawIndexing) {
                        ready = n.get("params");
                    }
                }
            }
            assertThat(sawIndexing).isTrue();
            assertThat(ready).isNotNull();
            assertThat(ready.get("indexedFiles").asInt()).isEqualTo(ready.get("totalFiles").asInt()).isPositive();
            assertThat(List.of("indexedFiles", "totalFiles", "reindexedFiles")).allMatch(ready::has);
            until("progressToken", Set.of("hidden-by-git/a.txt:1"));
            for (JsonNode n; (n = bystander.nextNotification(100)) != null; ) {
                assertThat(n.get("method").asText()).as("a connection that never searched gets no progress")
                        .isNotEqualTo("search/indexProgress");
            }
        }
        rpc.result("fs/delete", Map.of("path", ".ignore"));
    }
}
