package dev.stratus.server.git;

import static dev.stratus.server.git.GitCli.git;
import static dev.stratus.server.git.GitTestSupport.absent;
import static dev.stratus.server.git.GitTestSupport.states;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.ErrorCodes;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** git/log, blame, branches, checkout, createBranch and stash over a real RPC socket. */
class GitHistoryRpcTest {
    @TempDir
    static Path base;
    static TestServer server;
    static RpcClient rpc;
    static Path ws;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(base);
        ws = server.workspace;
        rpc = server.rpc();
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
    }

    @BeforeEach
    void threeCommits() throws Exception {
        GitTestSupport.clear(ws);
        GitCli.initWithCommit(ws, "a.txt", "one\ntwo\n");
        Files.writeString(ws.resolve("b.txt"), "bee\n");
        git(ws, "add", "b.txt");
        git(ws, "commit", "-q", "-m", "add b");
        Files.writeString(ws.resolve("a.txt"), "one\ntwo\nthree\n");
        git(ws, "commit", "-q", "-am", "extend a\n\nwith a body");
    }

    @Test
    void logListsCommitsNewestFirstLimitedByCountAndPath() throws Exception {
        JsonNode commits = rpc.result("git/log", Map.of()).get("commits");
        assertThat(messages(commits)).containsExactly("extend a\n\nwith a body", "add b", "initial");
        JsonNode newest = commits.get(0);
        assertThat(newest.get("id").asText()).isEqualTo(git(ws, "rev-parse", "HEAD"));
        assertThat(newest.get("author").asText()).isEqualTo("Fixture");
        assertThat(newest.get("email").asText()).isEqualTo("fixture@example.com");
        assertThat(newest.get("time").asLong()).isEqualTo(Long.parseLong(git(ws, "log", "-1", "--format=%at")) * 1000);
        assertThat(messages(rpc.result("git/log", Map.of("maxCount", 2)).get("commits"))).hasSize(2);
        assertThat(messages(rpc.result("git/log", Map.of("path", "b.txt")).get("commits"))).containsExactly("add b");
        assertThat(messages(rpc.result("git/log", Map.of("path", "nothing-here")).get("commits"))).isEmpty();
        assertThat(rpc.errorCode("git/log", Map.of("maxCount", 0))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("git/log", Map.of("maxCount", 10_001))).isEqualTo(ErrorCodes.INVALID_PARAMS);
    }

    @Test
    void blameNamesTheCommitOfEveryLineAndNoneForUncommittedLines() throws Exception {
        String first = git(ws, "rev-parse", "HEAD~2");
        String last = git(ws, "rev-parse", "HEAD");
        Files.writeString(ws.resolve("a.txt"), "one\ntwo\nthree\nfour (not committed)\n");
        JsonNode lines = rpc.result("git/blame", Map.of("path", "a.txt")).get("lines");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).get("line").asInt()).isEqualTo(1);
        assertThat(lines.get(0).get("id").asText()).isEqualTo(first);
        assertThat(lines.get(0).get("summary").asText()).isEqualTo("initial");
        assertThat(lines.get(0).get("author").asText()).isEqualTo("Fixture");
        assertThat(lines.get(2).get("id").asText()).isEqualTo(last);
        assertThat(lines.get(2).get("summary").asText()).isEqualTo("extend a");
        assertThat(absent(lines.get(3), "id")).isTrue();
        assertThat(rpc.errorCode("git/blame", Map.of("path", "missing.txt"))).isEqualTo(ErrorCodes.NOT_FOUND);
        Files.writeString(ws.resolve("untracked.txt"), "u\n");
        assertThat(rpc.errorCode("git/blame", Map.of("path", "untracked.txt"))).isEqualTo(ErrorCodes.NOT_FOUND);
    }

    @Test
    void createBranchChecksItOutByDefaultAndBranchesListsThem() throws Exception {
        rpc.result("git/createBranch", Map.of("name", "feature"));
        rpc.result("git/createBranch", Map.of("name", "old", "startPoint", "HEAD~2", "checkout", false));
        JsonNode branches = rpc.result("git/branches", Map.of());
        assertThat(branches.get("current").asText()).isEqualTo("feature");
        List<String> names = new ArrayList<>();
        branches.get("branches").forEach(b -> names.add(b.get("name").asText() + (b.get("remote").asBoolean() ? " (remote)" : "")));
        assertThat(names).containsExactly("feature", "main", "old");
        assertThat(branches.get("branches").get(2).get("id").asText()).isEqualTo(git(ws, "rev-parse", "HEAD~2"));
        assertThat(git(ws, "symbolic-ref", "HEAD")).isEqualTo("refs/heads/feature");

        assertThat(rpc.errorCode("git/createBranch", Map.of("name", "old"))).isEqualTo(ErrorCodes.ALREADY_EXISTS);
        for (String bad : List.of("", "a..b", "-x", "has space", "ends.lock", "x~1", "HEAD")) {
            assertThat(rpc.errorCode("git/createBranch", Map.of("name", bad))).as(bad).isEqualTo(ErrorCodes.INVALID_PARAMS);
        }
        assertThat(rpc.errorCode("git/createBranch", Map.of("name", "n", "startPoint", "no-such"))).isEqualTo(ErrorCodes.NOT_FOUND);
    }

    @Test
    void checkoutSwitchesBranchesAndDetachesOnCommitsAndTags() throws Exception {
        git(ws, "branch", "other", "HEAD~1");
        git(ws, "tag", "v1", "HEAD~2");
        rpc.result("git/checkout", Map.of("ref", "other"));
        assertThat(rpc.result("git/status", Map.of()).get("branch").asText()).isEqualTo("other");
        assertThat(Files.readString(ws.resolve("a.txt"))).isEqualTo("one\ntwo\n");

        rpc.result("git/checkout", Map.of("ref", "v1"));
        JsonNode status = rpc.result("git/status", Map.of());
        assertThat(absent(status, "branch")).isTrue();
        assertThat(status.get("head").asText()).isEqualTo(git(ws, "rev-parse", "main~2"));
        assertThat(ws.resolve("b.txt")).doesNotExist();
        assertThat(absent(rpc.result("git/branches", Map.of()), "current")).isTrue();

        rpc.result("git/checkout", Map.of("ref", git(ws, "rev-parse", "main")));
        assertThat(absent(rpc.result("git/status", Map.of()), "branch")).isTrue();
        rpc.result("git/checkout", Map.of("ref", "main"));
        assertThat(rpc.result("git/status", Map.of()).get("branch").asText()).isEqualTo("main");
        assertThat(rpc.errorCode("git/checkout", Map.of("ref", "no-such-ref"))).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("git/checkout", Map.of("ref", ""))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("git/checkout", Map.of())).isEqualTo(ErrorCodes.INVALID_PARAMS);
    }

    @Test
    void checkoutThatWouldOverwriteLocalChangesIsAConflictAndKeepsThem() throws Exception {
        git(ws, "branch", "other", "HEAD~1");
        Files.writeString(ws.resolve("a.txt"), "precious local edit\n");
        assertThat(rpc.errorCode("git/checkout", Map.of("ref", "other"))).isEqualTo(ErrorCodes.CONFLICT);
        assertThat(Files.readString(ws.resolve("a.txt"))).isEqualTo("precious local edit\n");
        assertThat(git(ws, "symbolic-ref", "HEAD")).isEqualTo("refs/heads/main");
        assertThat(rpc.errorCode("git/createBranch", Map.of("name", "side", "startPoint", "other"))).isEqualTo(ErrorCodes.CONFLICT);
        assertThat(Files.readString(ws.resolve("a.txt"))).isEqualTo("precious local edit\n");
    }

    @Test
    void stashSavesListsAppliesPopsAndDrops() throws Exception {
        Files.writeString(ws.resolve("a.txt"), "first stash\n");
        String first = rpc.result("git/stash", Map.of("message", "first")).get("id").asText();
        assertThat(Files.readString(ws.resolve("a.txt"))).isEqualTo("one\ntwo\nthree\n");
        Files.writeString(ws.resolve("b.txt"), "second stash\n");
        Files.writeString(ws.resolve("untracked.txt"), "untracked\n");
        String second = rpc.result("git/stash", Map.of("includeUntracked", true)).get("id").asText();
        assertThat(ws.resolve("untracked.txt")).doesNotExist();

        JsonNode stashes = rpc.result("git/stashList", Map.of()).get("stashes");
        assertThat(stashes).hasSize(2);
        assertThat(stashes.get(0).get("index").asInt()).isZero();
        assertThat(stashes.get(0).get("id").asText()).isEqualTo(second);
        assertThat(stashes.get(0).get("message").asText()).startsWith("WIP on main");
        assertThat(stashes.get(1).get("id").asText()).isEqualTo(first);
        assertThat(stashes.get(1).get("message").asText()).isEqualTo("first");
        assertThat(stashes.get(1).get("time").asLong()).isPositive();

        rpc.result("git/stashApply", Map.of("index", 0, "drop", true));
        assertThat(Files.readString(ws.resolve("b.txt"))).isEqualTo("second stash\n");
        assertThat(Files.readString(ws.resolve("untracked.txt"))).isEqualTo("untracked\n");
        assertThat(rpc.result("git/stashList", Map.of()).get("stashes")).hasSize(1);

        rpc.result("git/discard", Map.of("paths", List.of("")));
        rpc.result("git/stashApply", Map.of());
        assertThat(Files.readString(ws.resolve("a.txt"))).isEqualTo("first stash\n");
        assertThat(rpc.result("git/stashList", Map.of()).get("stashes")).hasSize(1);
        rpc.result("git/stashDrop", Map.of("index", 0));
        assertThat(rpc.result("git/stashList", Map.of()).get("stashes")).isEmpty();
    }

    @Test
    void stashWithNothingToSaveReturnsNoIdAndBadIndexesAreRefused() throws Exception {
        assertThat(absent(rpc.result("git/stash", Map.of()), "id")).isTrue();
        assertThat(rpc.errorCode("git/stashApply", Map.of("index", 0))).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("git/stashDrop", Map.of("index", 3))).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("git/stashDrop", Map.of())).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("git/stashApply", Map.of("index", -1))).isEqualTo(ErrorCodes.INVALID_PARAMS);
    }

    @Test
    void stashApplyThatConflictsIsAConflictAndKeepsTheStash() throws Exception {
        Files.writeString(ws.resolve("a.txt"), "stashed version\n");
        rpc.result("git/stash", Map.of());
        Files.writeString(ws.resolve("a.txt"), "committed meanwhile\n");
        git(ws, "commit", "-q", "-am", "meanwhile");
        assertThat(rpc.errorCode("git/stashApply", Map.of("drop", true))).isEqualTo(ErrorCodes.CONFLICT);
        assertThat(rpc.result("git/stashList", Map.of()).get("stashes")).hasSize(1);
        assertThat(states(rpc.result("git/status", Map.of()))).containsExactly(entry("a.txt", "conflicted/conflicted"));
    }

    private static List<String> messages(JsonNode commits) {
        List<String> out = new ArrayList<>();
        commits.forEach(c -> out.add(c.get("message").asText().strip()));
        return out;
    }
}
