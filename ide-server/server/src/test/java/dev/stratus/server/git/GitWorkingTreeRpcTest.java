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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** git/status, diff, show, stage, unstage, discard and commit over a real RPC socket, on a real repository. */
class GitWorkingTreeRpcTest {
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
    void freshRepository() throws Exception {
        GitTestSupport.clear(ws);
        GitCli.initWithCommit(ws, "a.txt", "one\ntwo\nthree\n");
        Files.writeString(ws.resolve("b.txt"), "bee\n");
        Files.writeString(ws.resolve("c.txt"), "sea\n");
        git(ws, "add", "-A");
        git(ws, "commit", "-q", "-m", "second");
    }

    @Test
    void workspaceThatIsNotARepositoryReportsRepositoryFalseAndOtherCallsNotFound() throws Exception {
        GitTestSupport.clear(ws);
        Files.writeString(ws.resolve("x.txt"), "x");
        JsonNode status = rpc.result("git/status", Map.of());
        assertThat(status.get("repository").asBoolean()).isFalse();
        assertThat(status.get("files")).isEmpty();
        assertThat(rpc.errorCode("git/diff", Map.of())).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("git/log", Map.of())).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("git/commit", Map.of("message", "m"))).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("git/stage", Map.of("paths", List.of("x.txt")))).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("git/branches", Map.of())).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(ws.resolve(".git")).doesNotExist();
    }

    @Test
    void statusReportsBranchHeadAndEveryKindOfChange() throws Exception {
        Files.writeString(ws.resolve("a.txt"), "changed\n");
        Files.delete(ws.resolve("b.txt"));
        Files.writeString(ws.resolve("new.txt"), "new\n");
        Files.writeString(ws.resolve("staged.txt"), "staged\n");
        git(ws, "add", "staged.txt");
        git(ws, "mv", "c.txt", "moved.txt");
        Files.createDirectories(ws.resolve("dir"));
        Files.writeString(ws.resolve("dir/untracked.txt"), "u\n");

        JsonNode status = rpc.result("git/status", Map.of());
        assertThat(status.get("repository").asBoolean()).isTrue();
        assertThat(status.get("branch").asText()).isEqualTo("main");
        assertThat(status.get("head").asText()).isEqualTo(git(ws, "rev-parse", "HEAD"));
        assertThat(absent(status, "upstream")).isTrue();
        assertThat(states(status)).containsExactly(
                entry("a.txt", "unmodified/modified"),
                entry("b.txt", "unmodified/deleted"),
                entry("dir/", "untracked/untracked"),
                entry("moved.txt", "renamed/unmodified"),
                entry("new.txt", "untracked/untracked"),
                entry("staged.txt", "added/unmodified"));
        JsonNode moved = status.get("files").get(3);
        assertThat(moved.get("originalPath").asText()).isEqualTo("c.txt");
        assertThat(status.get("files").get(0).get("originalPath")).isNull();
    }

    @Test
    void statusOfARepositoryWithoutCommitsHasNoHead() throws Exception {
        GitTestSupport.clear(ws);
        git(ws, "init", "-q");
        Files.writeString(ws.resolve("first.txt"), "1\n");
        JsonNode status = rpc.result("git/status", Map.of());
        assertThat(status.get("repository").asBoolean()).isTrue();
        assertThat(status.get("branch").asText()).isEqualTo("main");
        assertThat(absent(status, "head")).isTrue();
        assertThat(states(status)).containsExactly(entry("first.txt", "untracked/untracked"));
        assertThat(rpc.result("git/log", Map.of()).get("commits")).isEmpty();
    }

    @Test
    void diffShowsWorkingTreeAndStagedPatchesForOneFileOrAll() throws Exception {
        Files.writeString(ws.resolve("a.txt"), "one\nTWO\nthree\n");
        Files.writeString(ws.resolve("b.txt"), "bee\nbuzz\n");
        git(ws, "add", "b.txt");
        Files.writeString(ws.resolve("untracked.txt"), "not in any diff\n");

        String worktree = rpc.result("git/diff", Map.of()).get("patch").asText();
        assertThat(worktree).contains("diff --git a/a.txt b/a.txt").contains("-two").contains("+TWO")
                .doesNotContain("b.txt").doesNotContain("untracked.txt");
        String staged = rpc.result("git/diff", Map.of("staged", true)).get("patch").asText();
        assertThat(staged).contains("diff --git a/b.txt b/b.txt").contains("+buzz").doesNotContain("a.txt");
        assertThat(rpc.result("git/diff", Map.of("path", "b.txt")).get("patch").asText()).isEmpty();
        assertThat(rpc.result("git/diff", Map.of("path", "a.txt")).get("patch").asText()).isEqualTo(worktree);
        // The patch applies with C git: it really is a git-format unified diff.
        git(ws, "checkout", "--", "a.txt");
        GitCli.gitWithInput(ws, worktree, "apply", "-");
        assertThat(Files.readString(ws.resolve("a.txt"))).isEqualTo("one\nTWO\nthree\n");
    }

    @Test
    void showReturnsContentAtHeadIndexAndAnyCommit() throws Exception {
        String first = git(ws, "rev-parse", "HEAD~1");
        Files.writeString(ws.resolve("a.txt"), "staged\n");
        git(ws, "add", "a.txt");
        Files.writeString(ws.resolve("a.txt"), "worktree\n");
        Files.write(ws.resolve("bin.dat"), new byte[] {0, 1, 2, 0, 3});
        git(ws, "add", "bin.dat");

        assertThat(rpc.result("git/show", Map.of("path", "a.txt")).get("content").asText()).isEqualTo("one\ntwo\nthree\n");
        assertThat(rpc.result("git/show", Map.of("path", "a.txt", "ref", "INDEX")).get("content").asText()).isEqualTo("staged\n");
        assertThat(rpc.result("git/show", Map.of("path", "b.txt", "ref", first)).get("exists").asBoolean()).isFalse();
        assertThat(rpc.result("git/show", Map.of("path", "a.txt", "ref", "main~1")).get("content").asText()).isEqualTo("one\ntwo\nthree\n");
        JsonNode binary = rpc.result("git/show", Map.of("path", "bin.dat", "ref", "INDEX"));
        assertThat(binary.get("exists").asBoolean()).isTrue();
        assertThat(binary.get("binary").asBoolean()).isTrue();
        assertThat(absent(binary, "content")).isTrue();
        assertThat(rpc.result("git/show", Map.of("path", "missing.txt")).get("exists").asBoolean()).isFalse();
        assertThat(rpc.errorCode("git/show", Map.of("path", "a.txt", "ref", "no-such-branch"))).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("git/show", Map.of("path", "a.txt", "ref", "0123456789abcdef0123456789abcdef01234567")))
                .isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("git/show", Map.of("path", ""))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("git/show", Map.of("ref", "HEAD"))).isEqualTo(ErrorCodes.INVALID_PARAMS);
    }

    @Test
    void stageAddsNewChangedAndDeletedFilesAndUnstageUndoesIt() throws Exception {
        Files.writeString(ws.resolve("a.txt"), "changed\n");
        Files.delete(ws.resolve("b.txt"));
        Files.createDirectories(ws.resolve("src"));
        Files.writeString(ws.resolve("src/new.txt"), "new\n");

        rpc.result("git/stage", Map.of("paths", List.of("a.txt", "b.txt", "src")));
        assertThat(states(rpc.result("git/status", Map.of()))).containsExactly(
                entry("a.txt", "modified/unmodified"),
                entry("b.txt", "deleted/unmodified"),
                entry("src/new.txt", "added/unmodified"));

        rpc.result("git/unstage", Map.of("paths", List.of("a.txt", "src")));
        assertThat(states(rpc.result("git/status", Map.of()))).containsExactly(
                entry("a.txt", "unmodified/modified"),
                entry("b.txt", "deleted/unmodified"),
                entry("src/", "untracked/untracked"));
        assertThat(Files.readString(ws.resolve("a.txt"))).isEqualTo("changed\n");

        rpc.result("git/unstage", Map.of("paths", List.of("")));
        rpc.result("git/stage", Map.of("paths", List.of(".")));
        assertThat(states(rpc.result("git/status", Map.of())).values()).allMatch(s -> s.endsWith("/unmodified"));
    }

    @Test
    void unstageBeforeTheFirstCommitRemovesFilesFromTheIndex() throws Exception {
        GitTestSupport.clear(ws);
        git(ws, "init", "-q");
        Files.writeString(ws.resolve("first.txt"), "1\n");
        rpc.result("git/stage", Map.of("paths", List.of("first.txt")));
        assertThat(states(rpc.result("git/status", Map.of()))).containsExactly(entry("first.txt", "added/unmodified"));
        rpc.result("git/unstage", Map.of("paths", List.of("first.txt")));
        assertThat(states(rpc.result("git/status", Map.of()))).containsExactly(entry("first.txt", "untracked/untracked"));
    }

    @Test
    void discardRevertsChangesRestoresDeletionsAndDeletesUntrackedFiles() throws Exception {
        Files.writeString(ws.resolve("a.txt"), "changed\n");
        Files.delete(ws.resolve("b.txt"));
        Files.createDirectories(ws.resolve("tmp/deep"));
        Files.writeString(ws.resolve("tmp/deep/junk.txt"), "junk\n");
        Files.writeString(ws.resolve("keep.txt"), "keep\n");
        Files.writeString(ws.resolve("staged-new.txt"), "staged\n");
        git(ws, "add", "staged-new.txt");
        Files.writeString(ws.resolve("staged-new.txt"), "staged then edited\n");

        rpc.result("git/discard", Map.of("paths", List.of("a.txt", "b.txt", "tmp", "staged-new.txt")));
        assertThat(Files.readString(ws.resolve("a.txt"))).isEqualTo("one\ntwo\nthree\n");
        assertThat(Files.readString(ws.resolve("b.txt"))).isEqualTo("bee\n");
        assertThat(ws.resolve("tmp")).doesNotExist();
        assertThat(ws.resolve("keep.txt")).exists();
        // A staged new file goes back to its staged content and stays staged.
        assertThat(Files.readString(ws.resolve("staged-new.txt"))).isEqualTo("staged\n");
        assertThat(states(rpc.result("git/status", Map.of()))).containsExactly(
                entry("keep.txt", "untracked/untracked"),
                entry("staged-new.txt", "added/unmodified"));
    }

    @Test
    void commitIsAuthoredByTheCallingUserAndAmendReplacesTheLastCommit() throws Exception {
        String before = git(ws, "rev-parse", "HEAD");
        Files.writeString(ws.resolve("a.txt"), "committed\n");
        rpc.result("git/stage", Map.of("paths", List.of("a.txt")));
        String id = rpc.result("git/commit", Map.of("message", "Change a")).get("id").asText();
        assertThat(git(ws, "rev-parse", "HEAD")).isEqualTo(id);
        assertThat(git(ws, "log", "-1", "--format=%an <%ae>|%cn <%ce>|%s|%P")).isEqualTo(
                "admin <admin@localhost>|admin <admin@localhost>|Change a|" + before);

        Files.writeString(ws.resolve("b.txt"), "also\n");
        rpc.result("git/stage", Map.of("paths", List.of("b.txt")));
        String amended = rpc.result("git/commit", Map.of("message", "Change a and b", "amend", true)).get("id").asText();
        assertThat(amended).isNotEqualTo(id);
        assertThat(git(ws, "log", "-1", "--format=%s|%P")).isEqualTo("Change a and b|" + before);
        assertThat(git(ws, "show", "HEAD:b.txt")).isEqualTo("also");
        assertThat(rpc.result("git/status", Map.of()).get("files")).isEmpty();
    }

    @Test
    void commitRefusesBlankMessagesEmptyCommitsAndAmendingNothing() throws Exception {
        String head = git(ws, "rev-parse", "HEAD");
        assertThat(rpc.errorCode("git/commit", Map.of("message", "  \n"))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("git/commit", Map.of())).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("git/commit", Map.of("message", "nothing staged"))).isEqualTo(ErrorCodes.CONFLICT);
        assertThat(git(ws, "rev-parse", "HEAD")).isEqualTo(head);

        GitTestSupport.clear(ws);
        git(ws, "init", "-q");
        assertThat(rpc.errorCode("git/commit", Map.of("message", "m", "amend", true))).isEqualTo(ErrorCodes.NOT_FOUND);
    }

    @Test
    void pathsOutsideTheWorkingTreeOrIntoDotGitAreRefused() throws Exception {
        Files.writeString(base.resolve("outside.txt"), "secret\n");
        String config = Files.readString(ws.resolve(".git/config"));
        for (String bad : List.of("../outside.txt", "/etc/passwd", ".git/config", ".GIT/config", "sub/.git/x", "a\\b", "%2e%2e/x", "git~1/config")) {
            assertThat(rpc.errorCode("git/stage", Map.of("paths", List.of(bad)))).as(bad).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
            assertThat(rpc.errorCode("git/discard", Map.of("paths", List.of(bad)))).as(bad).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
            assertThat(rpc.errorCode("git/unstage", Map.of("paths", List.of(bad)))).as(bad).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
            assertThat(rpc.errorCode("git/diff", Map.of("path", bad))).as(bad).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
            assertThat(rpc.errorCode("git/show", Map.of("path", bad))).as(bad).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
            assertThat(rpc.errorCode("git/log", Map.of("path", bad))).as(bad).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
            assertThat(rpc.errorCode("git/blame", Map.of("path", bad))).as(bad).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
        }
        Files.createSymbolicLink(ws.resolve("escape"), base);
        for (String through : List.of("escape/outside.txt", "escape/")) {
            assertThat(rpc.errorCode("git/stage", Map.of("paths", List.of(through)))).as(through).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
            assertThat(rpc.errorCode("git/discard", Map.of("paths", List.of(through)))).as(through).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
        }
        assertThat(Files.readString(base.resolve("outside.txt"))).isEqualTo("secret\n");
        assertThat(Files.readString(ws.resolve(".git/config"))).isEqualTo(config);
        // The link itself is a file of the repository: git stores where it points, never follows it.
        rpc.result("git/stage", Map.of("paths", List.of("escape")));
        assertThat(states(rpc.result("git/status", Map.of()))).containsEntry("escape", "added/unmodified");
    }

    @Test
    void missingOrMalformedParamsAreInvalidParams() throws Exception {
        assertThat(rpc.errorCode("git/stage", Map.of())).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("git/stage", Map.of("paths", List.of()))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("git/discard", Map.of("paths", java.util.Arrays.asList((String) null)))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("git/diff", null)).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("git/blame", Map.of())).isEqualTo(ErrorCodes.INVALID_PARAMS);
    }
}
