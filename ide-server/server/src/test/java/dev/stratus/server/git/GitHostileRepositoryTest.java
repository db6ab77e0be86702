package dev.stratus.server.git;

import static dev.stratus.server.git.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.ErrorCodes;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Untrusted repositories: hooks, configured commands and hostile trees, each armed to
 * {@code touch} a canary file outside the workspace. No canary may ever appear, and hostile
 * checkouts are refused with OutsideWorkspace leaving nothing behind.
 */
class GitHostileRepositoryTest {
    static final String USER = "hostile-test-user";
    static final String PASSWORD = "hostile-test-password";
    static final Map<String, String> CREDENTIALS = Map.of("username", USER, "password", PASSWORD);
    static final List<String> HOOKS = List.of("pre-commit", "prepare-commit-msg", "commit-msg", "post-commit", "pre-push",
            "post-checkout", "post-merge", "pre-merge-commit", "pre-rebase", "post-rewrite", "reference-transaction",
            "pre-auto-gc", "post-index-change", "fsmonitor-watchman", "pre-applypatch", "post-applypatch");
    /** Names that must never be checked out: .git in any case and its NTFS and HFS+ aliases, and "..". */
    static final List<String> HOSTILE_NAMES = List.of(".git", ".GIT", ".Git", "git~1", "GIT~1", ".git.", ".git ",
            ".git::$INDEX_ALLOCATION", ".g\u200cit", "..");

    @TempDir
    static Path base;
    static TestServer server;
    static RpcClient rpc;
    static Path ws;
    static Path canaries;
    static Path remotes;
    static GitHttpServer http;
    static int count;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(base.resolve("stratus"));
        ws = server.workspace;
        rpc = server.rpc();
        canaries = Files.createDirectories(base.resolve("canaries"));
        remotes = Files.createDirectories(base.resolve("remotes"));
        http = new GitHttpServer(remotes, USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
        http.close();
    }

    @BeforeEach
    void clean() throws Exception {
        GitTestSupport.clear(ws);
        GitTestSupport.clear(canaries);
    }

    @Test
    void hooksFiltersAndConfiguredCommandsNeverRunThroughStratus() throws Exception {
        String remote = cleanRemote();
        git(base, "clone", "-q", authenticated(remote), ws.toString());
        Path peer = base.resolve("peer" + count);
        git(base, "clone", "-q", authenticated(remote), peer.toString());
        git(ws, "remote", "set-url", "origin", remote);
        arm(ws);
        assertThat(canaryFiles()).as("arming the fixture ran nothing").isEmpty();

        // Every operation that could reach a hook, a filter or a configured command.
        Files.writeString(ws.resolve("a.txt"), "changed\n");
        Files.writeString(ws.resolve("new.txt"), "new\n");
        rpc.result("git/status", Map.of());
        rpc.result("git/diff", Map.of());
        rpc.result("git/stage", Map.of("paths", List.of("a.txt", "new.txt")));
        rpc.result("git/diff", Map.of("staged", true));
        rpc.result("git/show", Map.of("path", "a.txt", "ref", "INDEX"));
        rpc.result("git/commit", Map.of("message", "hooks must not run"));
        rpc.result("git/commit", Map.of("message", "amended, hooks must not run", "amend", true));
        rpc.result("git/log", Map.of("path", "a.txt"));
        rpc.result("git/blame", Map.of("path", "a.txt"));
        rpc.result("git/createBranch", Map.of("name", "topic"));
        rpc.result("git/checkout", Map.of("ref", "main"));
        Files.writeString(ws.resolve("a.txt"), "to stash\n");
        Files.writeString(ws.resolve("untracked.txt"), "untracked\n");
        assertThat(rpc.result("git/stash", Map.of("includeUntracked", true)).get("id").asText()).isNotBlank();
        rpc.result("git/stashApply", Map.of("drop", true));
        rpc.result("git/discard", Map.of("paths", List.of("a.txt", "untracked.txt")));
        Files.writeString(peer.resolve("from-peer.txt"), "peer\n");
        git(peer, "add", "from-peer.txt");
        git(peer, "commit", "-q", "-m", "peer");
        git(peer, "push", "-q", "origin", "main");
        rpc.result("git/fetch", Map.of("credentials", CREDENTIALS));
        JsonNode pull = rpc.result("git/pull", Map.of("credentials", CREDENTIALS));
        assertThat(pull.get("updated").asBoolean()).isTrue();
        assertThat(ws.resolve("from-peer.txt")).exists();
        assertThat(rpc.result("git/push", Map.of("credentials", CREDENTIALS)).get("rejected")).isEmpty();
        for (String refused : List.of("evil", "local", "sneaky")) {
            assertThat(rpc.errorCode("git/fetch", Map.of("remote", refused))).as(refused).isEqualTo(ErrorCodes.INVALID_PARAMS);
            assertThat(rpc.errorCode("git/push", Map.of("remote", refused))).as(refused).isEqualTo(ErrorCodes.INVALID_PARAMS);
        }
        rpc.result("git/status", Map.of());

        assertThat(canaryFiles()).as("canaries").isEmpty();
    }

    @Test
    void theArmedFixtureDoesRunCommandsWithoutStratusProtection() throws Exception {
        // Proves the canaries of the test above can fire: plain JGit and C git run them.
        git(base, "init", "-q", ws.toString());
        Files.writeString(ws.resolve("a.txt"), "a\n");
        git(ws, "add", "a.txt");
        git(ws, "commit", "-q", "-m", "init");
        arm(ws);
        Files.writeString(ws.resolve("a.txt"), "changed\n");
        try (Git plain = Git.open(ws.toFile())) {
            plain.add().addFilepattern("a.txt").call();
            plain.commit().setMessage("plain JGit").setSign(false).call();
        }
        assertThat(canaryFiles()).contains("filter-clean", "hookspath-pre-commit", "hookspath-commit-msg", "hookspath-post-commit");
        GitCli.run(ws, null, "status");
        assertThat(canaryFiles()).contains("fsmonitor");
    }

    @Test
    void hostileTreesAreRefusedOnCheckoutWithNothingWritten() throws Exception {
        GitCli.initWithCommit(ws, "a.txt", "a\n");
        String configBefore = Files.readString(ws.resolve(".git/config"));
        String head = git(ws, "rev-parse", "HEAD");
        List<String> commits = new ArrayList<>();
        for (String name : HOSTILE_NAMES) {
            commits.add(hostileCommit(ws, name));
        }
        commits.add(hostileCommit(ws, "sub/.git"));
        for (int i = 0; i < commits.size(); i++) {
            git(ws, "update-ref", "refs/heads/evil-" + i, commits.get(i));
            assertThat(rpc.errorCode("git/checkout", Map.of("ref", "evil-" + i))).as("branch evil-" + i).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
            assertThat(rpc.errorCode("git/checkout", Map.of("ref", commits.get(i)))).as("commit " + i).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
            assertThat(rpc.errorCode("git/createBranch", Map.of("name", "b" + i, "startPoint", commits.get(i))))
                    .as("createBranch " + i).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
        }
        assertThat(Files.readString(ws.resolve(".git/config"))).isEqualTo(configBefore);
        assertThat(ws.resolve(".git/hooks/post-checkout")).doesNotExist();
        try (Stream<Path> entries = Files.list(ws)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".git", "a.txt");
        }
        assertThat(base.resolve("stratus/escaped.txt")).doesNotExist();
        assertThat(base.resolve("escaped.txt")).doesNotExist();
        assertThat(git(ws, "rev-parse", "HEAD")).isEqualTo(head);
        assertThat(git(ws, "symbolic-ref", "HEAD")).isEqualTo("refs/heads/main");
        assertThat(rpc.result("git/status", Map.of()).get("files")).isEmpty();
        assertThat(canaryFiles()).isEmpty();
    }

    @Test
    void hostileTreesFromARemoteAreRefusedWhenFetched() throws Exception {
        String remote = cleanRemote();
        Path bare = remotes.resolve(remote.substring(remote.lastIndexOf('/') + 1));
        git(bare, "update-ref", "refs/heads/evil", hostileCommit(bare, "GIT~1"));
        assertThat(rpc.errorCode("git/clone", Map.of("url", remote, "credentials", CREDENTIALS))).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
        try (Stream<Path> left = Files.list(ws)) {
            assertThat(left).isEmpty();
        }

        git(bare, "update-ref", "-d", "refs/heads/evil");
        rpc.result("git/clone", Map.of("url", remote, "credentials", CREDENTIALS));
        git(bare, "update-ref", "refs/heads/evil2", hostileCommit(bare, ".GIT"));
        assertThat(rpc.errorCode("git/fetch", Map.of("credentials", CREDENTIALS))).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
        assertThat(rpc.errorCode("git/pull", Map.of("credentials", CREDENTIALS))).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
        assertThat(GitCli.run(ws, null, "rev-parse", "--verify", "-q", "refs/remotes/origin/evil2").exit()).isNotZero();
        try (Stream<Path> entries = Files.list(ws)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".git", "README.md");
        }
        assertThat(canaryFiles()).isEmpty();
    }

    /** A commit whose tree holds {@code name/hooks/post-checkout} (or, for "..", {@code ../escaped.txt}). */
    private static String hostileCommit(Path repo, String name) throws Exception {
        String blob = GitCli.gitWithInput(repo, "#!/bin/sh\ntouch " + canaries.resolve("checked-out-hook") + "\n",
                "hash-object", "-w", "--stdin");
        String a = GitCli.gitWithInput(repo, "a\n", "hash-object", "-w", "--stdin");
        String inner;
        if (name.equals("..")) {
            inner = mktree(repo, "100644 blob " + blob + "\tescaped.txt\n");
        } else {
            String hooks = mktree(repo, "100755 blob " + blob + "\tpost-checkout\n");
            inner = mktree(repo, "040000 tree " + hooks + "\thooks\n100644 blob " + a + "\tconfig\n");
        }
        String tree;
        if (name.contains("/")) {
            String[] parts = name.split("/");
            String sub = mktree(repo, "040000 tree " + inner + "\t" + parts[1] + "\n");
            tree = mktree(repo, "100644 blob " + a + "\ta.txt\n040000 tree " + sub + "\t" + parts[0] + "\n");
        } else {
            tree = mktree(repo, "100644 blob " + a + "\ta.txt\n040000 tree " + inner + "\t" + name + "\n");
        }
        return git(repo, "commit-tree", tree, "-m", "hostile " + name);
    }

    private static String mktree(Path repo, String entries) throws Exception {
        return GitCli.gitWithInput(repo, entries, "mktree");
    }

    /** A new bare repository on the HTTP server with one commit; returns its URL. */
    private static String cleanRemote() throws Exception {
        String name = "hostile" + (++count) + ".git";
        Path seed = base.resolve("seed-" + name);
        GitCli.initWithCommit(seed, "README.md", "hello\n");
        git(base, "clone", "-q", "--bare", seed.toString(), remotes.resolve(name).toString());
        return http.url(name);
    }

    private static String authenticated(String url) {
        return url.replace("http://", "http://" + USER + ":" + PASSWORD + "@");
    }

    /** Hooks in .git/hooks and core.hooksPath, filters, fsmonitor, ssh, credential, diff and signing commands. */
    private static void arm(Path repo) throws Exception {
        Path evilHooks = Files.createDirectories(base.resolve("evil-hooks-" + (++count)));
        for (String hook : HOOKS) {
            script(repo.resolve(".git/hooks/" + hook), "hook-" + hook);
            script(evilHooks.resolve(hook), "hookspath-" + hook);
        }
        Path fsmonitor = script(base.resolve("fsmonitor-" + count + ".sh"), "fsmonitor");
        Files.writeString(repo.resolve(".gitattributes"), "* filter=evil diff=evil merge=evil\n");
        String touch = "touch " + canaries + "/";
        String[][] config = {
            {"core.hooksPath", evilHooks.toString()},
            {"core.fsmonitor", fsmonitor.toString()},
            {"core.sshCommand", touch + "ssh-command"},
            {"core.askPass", touch + "askpass"},
            {"core.editor", touch + "editor"},
            {"core.pager", touch + "pager"},
            {"filter.evil.clean", touch + "filter-clean; cat"},
            {"filter.evil.smudge", touch + "filter-smudge; cat"},
            {"filter.evil.process", touch + "filter-process"},
            {"diff.external", touch + "diff-external"},
            {"diff.evil.command", touch + "diff-command"},
            {"diff.evil.textconv", touch + "diff-textconv; cat"},
            {"merge.evil.driver", touch + "merge-driver"},
            {"credential.helper", "!" + touch + "credential-helper"},
            {"commit.gpgSign", "true"},
            {"gpg.program", touch + "gpg"},
            {"remote.evil.url", "ssh://127.0.0.1:1/evil.git"},
            {"remote.evil.uploadpack", touch + "uploadpack-ssh"},
            {"remote.local.url", remotes.toString()},
            {"remote.local.uploadpack", touch + "uploadpack-local"},
            {"remote.local.receivepack", touch + "receivepack-local"},
            {"url." + remotes.toUri() + ".insteadOf", "https://rewritten.invalid/"},
            {"remote.sneaky.url", "https://rewritten.invalid/x.git"},
            {"remote.sneaky.uploadpack", touch + "uploadpack-rewritten"},
        };
        for (String[] kv : config) {
            git(repo, "config", kv[0], kv[1]);
        }
    }

    private static Path script(Path file, String canary) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\ntouch " + canaries.resolve(canary) + "\ncat >/dev/null 2>&1 </dev/null\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static List<String> canaryFiles() throws Exception {
        try (Stream<Path> files = Files.list(canaries)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
