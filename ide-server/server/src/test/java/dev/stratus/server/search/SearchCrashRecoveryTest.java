package dev.stratus.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An indexer killed mid-build (SIGKILL: no shutdown hook, no final commit, a stale
 * {@code write.lock}) or an unreadable index leaves a server that still opens, keeps the committed
 * work, and reconciles to exactly what the disk holds.
 */
class SearchCrashRecoveryTest {
    @TempDir
    Path base;

    @Test
    void anIndexerKilledMidBuildResumesFromItsLastCommit() throws Exception {
        SearchCorpus.generate(base.resolve("data"), 11, 2500);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SearchIndexingChild.class.getName(), base.toString())
                .redirectErrorStream(true).start();
        int reindexedBeforeKill = 0;
        boolean finished = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals("ready")) {
                    finished = true;
                    break;
                }
                if (line.startsWith("checked ")) {
                    reindexedBeforeKill = Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
                    if (reindexedBeforeKill >= 300) {
                        child.destroyForcibly();
                        break;
                    }
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(finished).as("the child was killed before it finished").isFalse();
        Path index = base.resolve("state/index/data");
        assertThat(index.resolve("write.lock")).as("the dead child's lock file is left behind").exists();
        // Debris of a commit that never completed: Lucene must ignore and delete it.
        Files.writeString(index.resolve("pending_segments_zz"), "partial");
        Files.writeString(index.resolve("_zz.si"), "half a segment");

        try (TestServer server = TestServer.start(base); RpcClient rpc = server.rpc()) {
            JsonNode status = SearchRpc.awaitReady(rpc);
            int total = status.get("totalFiles").asInt();
            int reindexed = status.get("reindexedFiles").asInt();
            assertThat(reindexed).as("committed work survived the crash").isLessThan(total - 250);
            assertThat(reindexed).as("the rest was indexed").isPositive();
            assertSameAsRipgrep(server, rpc, "needle");
            assertSameAsRipgrep(server, rpc, "fooBar");
            assertThat(index.resolve("pending_segments_zz")).doesNotExist();
        }
    }

    @Test
    void anUnreadableIndexIsRebuiltFromTheWorkspace() throws Exception {
        SearchCorpus.generate(base.resolve("data"), 12, 60);
        try (TestServer server = TestServer.start(base); RpcClient rpc = server.rpc()) {
            SearchRpc.awaitReady(rpc);
        }
        Path index = base.resolve("state/index/data");
        List<Path> commits = new ArrayList<>();
        try (Stream<Path> files = Files.list(index)) {
            files.filter(f -> f.getFileName().toString().startsWith("segments_")).forEach(commits::add);
        }
        assertThat(commits).isNotEmpty();
        for (Path c : commits) {
            Files.writeString(c, "not a lucene commit point");
        }

        try (TestServer server = TestServer.start(base); RpcClient rpc = server.rpc()) {
            JsonNode status = SearchRpc.awaitReady(rpc);
            assertThat(status.get("reindexedFiles").asInt()).as("rebuilt from scratch").isEqualTo(status.get("totalFiles").asInt());
            assertSameAsRipgrep(server, rpc, "needle");
        }
    }

    private static void assertSameAsRipgrep(TestServer server, RpcClient rpc, String literal) throws Exception {
        JsonNode result = rpc.result("search/text", SearchRpc.query(literal, "maxResults", 20000));
        TreeSet<String> lines = SearchRpc.lines(result);
        assertThat(result.get("matches").size()).as("no file is indexed twice").isEqualTo(countMatches(result));
        assertThat(lines).isNotEmpty().isEqualTo(Ripgrep.lines(server.workspace, literal, List.of("-F", "-i"), List.of(), List.of()));
    }

    private static int countMatches(JsonNode result) {
        TreeSet<String> distinct = new TreeSet<>();
        result.get("matches").forEach(m -> distinct.add(m.get("path").asText() + ":" + m.get("line").asInt() + ":" + m.get("column").asInt()));
        return distinct.size();
    }
}
