package dev.stratus.server.git;

import static dev.stratus.server.git.GitCli.git;
import static dev.stratus.server.git.GitTestSupport.states;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Untracked folders in git/status are one entry {@code "folder/"}, as in C git's default
 * {@code git status}, and git/stage, git/discard and git/diff take such an entry.
 */
class GitUntrackedFoldersRpcTest {
    @TempDir
    static Path base;
    static TestServer server;
    static RpcClient rpc;
    static Path ws;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(base.resolve("stratus"));
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
        GitCli.initWithCommit(ws, "src/main.txt", "main\n");
        write(".gitignore", "*.log\ntarget/\n");
        write("README", "readme\n");
        git(ws, "add", "-A");
        git(ws, "commit", "-q", "-m", "second");
    }

    @Test
    void newFolderWithNestedSubfoldersIsOneEntry() throws Exception {
        write("build/a/b/c.txt", "c\n");
        write("build/a/d.txt", "d\n");
        write("build/x.txt", "x\n");
        write("new.txt", "new\n");

        assertThat(states(status())).containsExactly(
                entry("build/", "untracked/untracked"),
                entry("new.txt", "untracked/untracked"));
    }

    @Test
    void newFolderInsideATrackedFolderIsOneEntry() throws Exception {
        write("src/new/deep/file.txt", "f\n");
        write("src/new/other.txt", "o\n");

        assertThat(states(status())).containsExactly(entry("src/new/", "untracked/untracked"));
    }

    @Test
    void emptyFoldersAndFoldersOfOnlyIgnoredFilesAreNotReported() throws Exception {
        Files.createDirectories(ws.resolve("empty/sub/subsub"));
        write("logs/a.log", "a\n");
        write("logs/sub/b.log", "b\n");
        Files.createDirectories(ws.resolve("logs/empty"));
        write("target/classes/x.class", "x\n");
        write("self/.gitignore", "*\n");
        write("self/anything.txt", "ignored by the folder's own rules\n");

        assertThat(status().get("files")).isEmpty();
    }

    @Test
    void folderHoldingATrackedFileListsItsUntrackedFilesAndCollapsesItsNewSubfolders() throws Exception {
        write("src/new1.txt", "1\n");
        write("src/deep/new2.txt", "2\n");
        write("src/deep/more/new3.txt", "3\n");
        write("src/only-ignored/x.log", "x\n");

        assertThat(states(status())).containsExactly(
                entry("src/deep/", "untracked/untracked"),
                entry("src/new1.txt", "untracked/untracked"));
    }

    @Test
    void aStagedFileMakesItsFolderTrackedSoItsSiblingsAreListed() throws Exception {
        write("fresh/a.txt", "a\n");
        write("fresh/b.txt", "b\n");
        write("fresh/sub/c.txt", "c\n");
        git(ws, "add", "fresh/a.txt");

        assertThat(states(status())).containsExactly(
                entry("fresh/a.txt", "added/unmodified"),
                entry("fresh/b.txt", "untracked/untracked"),
                entry("fresh/sub/", "untracked/untracked"));
    }

    @Test
    void nestedRepositoryIsOneEntryWithASlash() throws Exception {
        git(ws, "init", "-q", "vendor/lib");
        write("vendor/lib/x.txt", "x\n");
        git(ws, "init", "-q", "src/inner");

        assertThat(states(status())).containsExactly(
                entry("src/inner/", "untracked/untracked"),
                entry("vendor/", "untracked/untracked"));
    }

    @Test
    void registeredSubmoduleIsComparedAsBeforeBesideACollapsedFolder() throws Exception {
        Path upstream = base.resolve("upstream-" + System.nanoTime());
        GitCli.initWithCommit(upstream, "lib.txt", "lib\n");
        git(ws, "submodule", "add", "-q", upstream.toUri().toString(), "mods/sub");
        git(ws, "commit", "-q", "-m", "add a submodule");
        write("mods/fresh/x.txt", "x\n");
        assertThat(states(status())).containsExactly(entry("mods/fresh/", "untracked/untracked"));

        Files.writeString(ws.resolve("mods/sub/lib.txt"), "changed inside the submodule\n");
        assertThat(states(status())).containsExactly(
                entry("mods/fresh/", "untracked/untracked"),
                entry("mods/sub", "unmodified/modified"));
    }

    @Test
    void statusMatchesCGitOnTheSameTree() throws Exception {
        write(".gitignore", "*.log\ntarget/\n/half/*\n!/half/keep.txt\nignored-nested/\n");
        write("lib/a.txt", "a\n");
        git(ws, "add", "-A");
        git(ws, "commit", "-q", "-m", "third");

        write("src/main.txt", "changed\n");
        write("lib/staged.txt", "staged\n");
        git(ws, "add", "lib/staged.txt");
        write("new.txt", "new\n");
        write("build/a/b/c.txt", "c\n");
        write("build/x.log", "x\n");
        write("src/new/deep/file.txt", "f\n");
        write("lib/new1.txt", "1\n");
        write("lib/deep/new2.txt", "2\n");
        write("lib/deep/skip.log", "2\n");
        Files.createDirectories(ws.resolve("empty/sub"));
        write("logs/a.log", "a\n");
        write("logs/sub/b.log", "b\n");
        write("target/out.txt", "o\n");
        write("mixed/x.log", "x\n");
        write("mixed/y.txt", "y\n");
        write("half/a.txt", "a\n");
        write("half/keep.txt", "k\n");
        write("halfempty/a.log", "a\n");
        write("self/.gitignore", "*\n");
        write("self/x.txt", "x\n");
        Files.createDirectories(ws.resolve("links"));
        Files.createSymbolicLink(ws.resolve("links/readme"), Path.of("../README"));
        Files.createSymbolicLink(ws.resolve("link-to-src"), Path.of("src"));
        git(ws, "init", "-q", "nested");
        git(ws, "init", "-q", "deeper/nested");
        git(ws, "init", "-q", "ignored-nested");

        Set<String> ours = new TreeSet<>();
        status().get("files").forEach(f -> ours.add(code(f.get("index").asText()) + code(f.get("worktree").asText())
                + " " + f.get("path").asText()));
        Set<String> theirs = new TreeSet<>();
        for (String line : git(ws, "status", "--porcelain=v1", "-z").split("\0")) {
            if (!line.isEmpty()) {
                theirs.add(line);
            }
        }
        assertThat(theirs).contains("?? build/", "?? nested/", "?? lib/deep/", "A  lib/staged.txt");
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void stagingAFolderEntryStagesItsFilesButNotIgnoredOnesAndUnstagingCollapsesItAgain() throws Exception {
        write("build/a/b/c.txt", "c\n");
        write("build/x.txt", "x\n");
        write("build/debug.log", "ignored\n");

        rpc.result("git/stage", Map.of("paths", List.of("build/")));
        assertThat(states(status())).containsExactly(
                entry("build/a/b/c.txt", "added/unmodified"),
                entry("build/x.txt", "added/unmodified"));
        assertThat(git(ws, "diff", "--cached", "--name-only").lines()).containsExactly("build/a/b/c.txt", "build/x.txt");

        rpc.result("git/unstage", Map.of("paths", List.of("build/")));
        assertThat(states(status())).containsExactly(entry("build/", "untracked/untracked"));
    }

    @Test
    void discardingAFolderEntryDeletesItsUntrackedFilesButKeepsIgnoredFilesAndNestedRepositories() throws Exception {
        write("build/a/b/c.txt", "c\n");
        write("build/x.txt", "x\n");
        write("build/keep/debug.log", "ignored\n");
        write("build/target/out.bin", "ignored folder\n");
        git(ws, "init", "-q", "build/nested");
        write("build/nested/own.txt", "the nested repository's file\n");
        write("other/y.txt", "y\n");

        rpc.result("git/discard", Map.of("paths", List.of("build/")));
        assertThat(ws.resolve("build/a")).doesNotExist();
        assertThat(ws.resolve("build/x.txt")).doesNotExist();
        assertThat(Files.readString(ws.resolve("build/keep/debug.log"))).isEqualTo("ignored\n");
        assertThat(ws.resolve("build/target/out.bin")).exists();
        assertThat(ws.resolve("build/nested/own.txt")).exists();
        assertThat(ws.resolve("build/nested/.git")).isDirectory();
        assertThat(ws.resolve("other/y.txt")).exists();
        assertThat(states(status())).containsExactly(
                entry("build/", "untracked/untracked"),
                entry("other/", "untracked/untracked"));

        GitTestSupport.clear(ws.resolve("build/nested"));
        Files.delete(ws.resolve("build/nested"));
        rpc.result("git/discard", Map.of("paths", List.of("other/")));
        assertThat(ws.resolve("other")).doesNotExist();
        assertThat(status().get("files")).isEmpty();
    }

    @Test
    void discardingAFolderEntryDeletesLinksNeverWhatTheyPointTo() throws Exception {
        Path outside = Files.createDirectories(base.resolve("outside-" + System.nanoTime()));
        Files.writeString(outside.resolve("secret.txt"), "secret\n");
        Files.createDirectories(ws.resolve("links"));
        Files.createSymbolicLink(ws.resolve("links/out"), outside);
        Files.createSymbolicLink(ws.resolve("links/src"), ws.resolve("src"));
        assertThat(states(status())).containsExactly(entry("links/", "untracked/untracked"));

        rpc.result("git/discard", Map.of("paths", List.of("links/")));
        assertThat(ws.resolve("links")).doesNotExist();
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("secret\n");
        assertThat(Files.readString(ws.resolve("src/main.txt"))).isEqualTo("main\n");
        assertThat(status().get("files")).isEmpty();
    }

    @Test
    void diffOfAFolderEntryIsEmpty() throws Exception {
        write("build/x.txt", "x\n");
        write("src/main.txt", "changed\n");

        assertThat(rpc.result("git/diff", Map.of("path", "build/")).get("patch").asText()).isEmpty();
        assertThat(rpc.result("git/diff", Map.of("path", "build/", "staged", true)).get("patch").asText()).isEmpty();
        // A folder path with tracked files below it diffs them, with or without the slash.
        assertThat(rpc.result("git/diff", Map.of("path", "src/")).get("patch").asText()).contains("+changed");
    }

    private static JsonNode status() throws Exception {
        return rpc.result("git/status", Map.of());
    }

    private static void write(String path, String content) throws Exception {
        Path file = ws.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** A git/status state as a letter of {@code git status --porcelain=v1}. */
    private static String code(String state) {
        return switch (state) {
            case "unmodified" -> " ";
            case "modified" -> "M";
            case "added" -> "A";
            case "deleted" -> "D";
            case "renamed" -> "R";
            case "untracked" -> "?";
            case "conflicted" -> "U";
            default -> throw new IllegalArgumentException(state);
        };
    }
}
