package dev.stratus.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.ErrorCodes;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every fs/* method over a real RPC socket, with each error code it can return. */
class FileServiceRpcTest {
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

    @Test
    void statDescribesFilesDirectoriesAndSymlinks() throws Exception {
        Files.writeString(ws.resolve("stat.txt"), "12345");
        Files.createDirectories(ws.resolve("statdir"));
        Files.createSymbolicLink(ws.resolve("statlink"), Path.of("stat.txt"));
        JsonNode file = rpc.result("fs/stat", Map.of("path", "stat.txt"));
        assertThat(file.get("path").asText()).isEqualTo("stat.txt");
        assertThat(file.get("type").asText()).isEqualTo("file");
        assertThat(file.get("size").asLong()).isEqualTo(5);
        assertThat(file.get("mtime").asLong()).isGreaterThan(0);
        assertThat(file.get("version").asText()).isNotBlank();
        assertThat(rpc.result("fs/stat", Map.of("path", "statdir")).get("type").asText()).isEqualTo("directory");
        JsonNode link = rpc.result("fs/stat", Map.of("path", "statlink"));
        assertThat(link.get("type").asText()).isEqualTo("symlink");
        assertThat(link.get("targetType").asText()).isEqualTo("file");
        assertThat(rpc.result("fs/stat", Map.of("path", "")).get("type").asText()).isEqualTo("directory");
        assertThat(rpc.result("fs/stat", Map.of("path", ".")).get("path").asText()).isEmpty();
        assertThat(rpc.errorCode("fs/stat", Map.of("path", "missing.txt"))).isEqualTo(ErrorCodes.NOT_FOUND);
    }

    @Test
    void listReturnsSortedEntriesWithWorkspaceRelativePaths() throws Exception {
        Files.createDirectories(ws.resolve("list/sub"));
        Files.writeString(ws.resolve("list/b.txt"), "b");
        Files.writeString(ws.resolve("list/a.txt"), "a");
        JsonNode entries = rpc.result("fs/list", Map.of("path", "list")).get("entries");
        List<String> paths = new ArrayList<>();
        entries.forEach(e -> paths.add(e.get("path").asText()));
        assertThat(paths).containsExactly("list/a.txt", "list/b.txt", "list/sub");
        assertThat(rpc.errorCode("fs/list", Map.of("path", "list/a.txt"))).isEqualTo(ErrorCodes.NOT_A_DIRECTORY);
        assertThat(rpc.errorCode("fs/list", Map.of("path", "nolist"))).isEqualTo(ErrorCodes.NOT_FOUND);
    }

    @Test
    void readReturnsUtf8OrBase64WithVersion() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe};
        Files.write(ws.resolve("bin.dat"), binary);
        Files.writeString(ws.resolve("text.txt"), "héllo ✓");
        JsonNode text = rpc.result("fs/read", Map.of("path", "text.txt"));
        assertThat(text.get("content").asText()).isEqualTo("héllo ✓");
        assertThat(text.get("encoding").asText()).isEqualTo("utf8");
        assertThat(text.get("version").asText()).isEqualTo(rpc.result("fs/stat", Map.of("path", "text.txt")).get("version").asText());
        JsonNode bin = rpc.result("fs/read", Map.of("path", "bin.dat", "encoding", "base64"));
        assertThat(Base64.getDecoder().decode(bin.get("content").asText())).isEqualTo(binary);
        assertThat(rpc.errorCode("fs/read", Map.of("path", "nothing.txt"))).isEqualTo(ErrorCodes.NOT_FOUND);
        Files.createDirectories(ws.resolve("readdir"));
        assertThat(rpc.errorCode("fs/read", Map.of("path", "readdir"))).isEqualTo(ErrorCodes.IS_A_DIRECTORY);
    }

    @Test
    void readOfAFileOverTheLimitIsTooLarge() throws Exception {
        try (var ch = java.nio.channels.FileChannel.open(ws.resolve("huge.bin"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.position((9L << 20) - 1).write(java.nio.ByteBuffer.wrap(new byte[] {1}));
        }
        assertThat(rpc.errorCode("fs/read", Map.of("path", "huge.bin"))).isEqualTo(ErrorCodes.TOO_LARGE);
    }

    @Test
    void writeCreatesReplacesAndReturnsTheNewVersion() throws Exception {
        JsonNode created = rpc.result("fs/write", Map.of("path", "w/new.txt".replace("w/", ""), "content", "one"));
        assertThat(Files.readString(ws.resolve("new.txt"))).isEqualTo("one");
        String v1 = created.get("version").asText();
        String v2 = rpc.result("fs/write", Map.of("path", "new.txt", "content", "two", "expectedVersion", v1)).get("version").asText();
        assertThat(v2).isNotEqualTo(v1);
        assertThat(Files.readString(ws.resolve("new.txt"))).isEqualTo("two");
        rpc.result("fs/write", Map.of("path", "b64.bin", "content", Base64.getEncoder().encodeToString(new byte[] {9, 8, 7}), "encoding", "base64"));
        assertThat(Files.readAllBytes(ws.resolve("b64.bin"))).containsExactly(9, 8, 7);
    }

    @Test
    void writeWithStaleVersionIsRejectedAndTheFileKeepsTheOtherWrite() throws Exception {
        Files.writeString(ws.resolve("stale.txt"), "original");
        String seen = rpc.result("fs/read", Map.of("path", "stale.txt")).get("version").asText();
        // Another tab saves first.
        rpc.result("fs/write", Map.of("path", "stale.txt", "content", "tab A", "expectedVersion", seen));
        assertThat(rpc.errorCode("fs/write", Map.of("path", "stale.txt", "content", "tab B", "expectedVersion", seen)))
                .isEqualTo(ErrorCodes.CONFLICT);
        assertThat(Files.readString(ws.resolve("stale.txt"))).isEqualTo("tab A");
        // Same size, same second: the version still differs, so the conflict is still caught.
        String a = rpc.result("fs/read", Map.of("path", "stale.txt")).get("version").asText();
        rpc.result("fs/write", Map.of("path", "stale.txt", "content", "tab C"));
        assertThat(rpc.errorCode("fs/write", Map.of("path", "stale.txt", "content", "tab D", "expectedVersion", a)))
                .isEqualTo(ErrorCodes.CONFLICT);
        assertThat(Files.readString(ws.resolve("stale.txt"))).isEqualTo("tab C");
    }

    @Test
    void writeErrorsLeaveTheDiskUnchanged() throws Exception {
        Files.writeString(ws.resolve("keep.txt"), "keep");
        assertThat(rpc.errorCode("fs/write", Map.of("path", "keep.txt", "content", "x", "overwrite", false)))
                .isEqualTo(ErrorCodes.ALREADY_EXISTS);
        assertThat(rpc.errorCode("fs/write", Map.of("path", "absent.txt", "content", "x", "create", false)))
                .isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("fs/write", Map.of("path", "no/such/dir.txt", "content", "x")))
                .isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("fs/write", Map.of("path", "keep.txt/child", "content", "x")))
                .isEqualTo(ErrorCodes.NOT_A_DIRECTORY);
        Files.createDirectories(ws.resolve("adir"));
        assertThat(rpc.errorCode("fs/write", Map.of("path", "adir", "content", "x"))).isEqualTo(ErrorCodes.IS_A_DIRECTORY);
        assertThat(rpc.errorCode("fs/write", Map.of("path", "gone.txt", "content", "x", "expectedVersion", "1-2-3")))
                .isEqualTo(ErrorCodes.CONFLICT);
        assertThat(rpc.errorCode("fs/write", Map.of("path", "bad.bin", "content", "!!!", "encoding", "base64")))
                .isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("fs/write", Map.of("path", "big.txt", "content", "x".repeat((8 << 20) + 1))))
                .isEqualTo(ErrorCodes.TOO_LARGE);
        assertThat(Files.readString(ws.resolve("keep.txt"))).isEqualTo("keep");
        assertThat(ws.resolve("absent.txt")).doesNotExist();
        assertThat(ws.resolve("gone.txt")).doesNotExist();
        assertThat(ws.resolve("big.txt")).doesNotExist();
        try (var files = Files.list(ws)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".~stratus-"));
        }
    }

    @Test
    void mkdirCreatesParentsAndRefusesExistingOrFileParents() throws Exception {
        rpc.result("fs/mkdir", Map.of("path", "m/n/o"));
        assertThat(ws.resolve("m/n/o")).isDirectory();
        assertThat(rpc.errorCode("fs/mkdir", Map.of("path", "m/n"))).isEqualTo(ErrorCodes.ALREADY_EXISTS);
        Files.writeString(ws.resolve("m/file"), "f");
        assertThat(rpc.errorCode("fs/mkdir", Map.of("path", "m/file/sub"))).isEqualTo(ErrorCodes.NOT_A_DIRECTORY);
    }

    @Test
    void deleteRemovesFilesAndTreesButNeverTheRootOrALinkTarget() throws Exception {
        Files.createDirectories(ws.resolve("del/inner"));
        Files.writeString(ws.resolve("del/inner/x.txt"), "x");
        Files.writeString(ws.resolve("del-target.txt"), "target");
        Files.createSymbolicLink(ws.resolve("del/link"), ws.resolve("del-target.txt"));
        assertThat(rpc.errorCode("fs/delete", Map.of("path", "del"))).isEqualTo(ErrorCodes.CONFLICT);
        assertThat(ws.resolve("del/inner/x.txt")).exists();
        rpc.result("fs/delete", Map.of("path", "del", "recursive", true));
        assertThat(ws.resolve("del")).doesNotExist();
        assertThat(ws.resolve("del-target.txt")).hasContent("target");
        assertThat(rpc.errorCode("fs/delete", Map.of("path", "del"))).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("fs/delete", Map.of("path", "", "recursive", true))).isEqualTo(ErrorCodes.PERMISSION_DENIED);
        assertThat(ws).isDirectory();
        Files.createDirectories(ws.resolve("empty"));
        rpc.result("fs/delete", Map.of("path", "empty"));
        assertThat(ws.resolve("empty")).doesNotExist();
    }

    @Test
    void moveRenamesAndRefusesWhatWouldLoseData() throws Exception {
        Files.writeString(ws.resolve("mv-a.txt"), "a");
        Files.writeString(ws.resolve("mv-b.txt"), "b");
        rpc.result("fs/move", Map.of("from", "mv-a.txt", "to", "mv-c.txt"));
        assertThat(ws.resolve("mv-a.txt")).doesNotExist();
        assertThat(ws.resolve("mv-c.txt")).hasContent("a");
        assertThat(rpc.errorCode("fs/move", Map.of("from", "mv-c.txt", "to", "mv-b.txt"))).isEqualTo(ErrorCodes.ALREADY_EXISTS);
        assertThat(ws.resolve("mv-b.txt")).hasContent("b");
        rpc.result("fs/move", Map.of("from", "mv-c.txt", "to", "mv-b.txt", "overwrite", true));
        assertThat(ws.resolve("mv-b.txt")).hasContent("a");
        assertThat(rpc.errorCode("fs/move", Map.of("from", "mv-none", "to", "x"))).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("fs/move", Map.of("from", "mv-b.txt", "to", "nodir/x"))).isEqualTo(ErrorCodes.NOT_FOUND);
        Files.createDirectories(ws.resolve("mvdir"));
        assertThat(rpc.errorCode("fs/move", Map.of("from", "mvdir", "to", "mvdir/inside"))).isEqualTo(ErrorCodes.CONFLICT);
        assertThat(rpc.errorCode("fs/move", Map.of("from", "", "to", "x"))).isEqualTo(ErrorCodes.PERMISSION_DENIED);
        assertThat(rpc.errorCode("fs/move", Map.of("from", "mv-b.txt"))).isEqualTo(ErrorCodes.INVALID_PARAMS);
    }

    @Test
    void copyDuplicatesTreesAndCopiesLinksAsLinks() throws Exception {
        Files.createDirectories(ws.resolve("cp/sub"));
        Files.writeString(ws.resolve("cp/sub/f.txt"), "f");
        Path outside = Files.writeString(base.resolve("outside-secret.txt"), "secret");
        Files.createSymbolicLink(ws.resolve("cp/escape"), outside);
        rpc.result("fs/copy", Map.of("from", "cp", "to", "cp2"));
        assertThat(ws.resolve("cp2/sub/f.txt")).hasContent("f");
        assertThat(Files.isSymbolicLink(ws.resolve("cp2/escape"))).isTrue();
        assertThat(ws.resolve("cp/sub/f.txt")).exists();
        assertThat(rpc.errorCode("fs/copy", Map.of("from", "cp", "to", "cp2"))).isEqualTo(ErrorCodes.ALREADY_EXISTS);
        assertThat(rpc.errorCode("fs/copy", Map.of("from", "cp", "to", "cp/sub/again"))).isEqualTo(ErrorCodes.CONFLICT);
        assertThat(rpc.errorCode("fs/copy", Map.of("from", "nope", "to", "x"))).isEqualTo(ErrorCodes.NOT_FOUND);
        rpc.result("fs/copy", Map.of("from", "cp/sub/f.txt", "to", "f-copy.txt"));
        assertThat(ws.resolve("f-copy.txt")).hasContent("f");
    }

    @Test
    void watchReportsCreatedChangedAndDeletedButNotGitInternals() throws Exception {
        Files.createDirectories(ws.resolve("watched"));
        Files.createDirectories(ws.resolve(".git/objects"));
        String id = rpc.result("fs/watch", Map.of("path", "", "recursive", true)).get("watchId").asText();
        Files.writeString(ws.resolve(".git/objects/ab"), "internal");
        Files.writeString(ws.resolve("watched/new.txt"), "n");
        Map<String, String> seen = collectChanges(id, "watched/new.txt", "created");
        assertThat(seen).containsEntry("watched/new.txt", "created");
        Files.writeString(ws.resolve("watched/new.txt"), "changed");
        assertThat(collectChanges(id, "watched/new.txt", "changed")).containsEntry("watched/new.txt", "changed");
        Files.createDirectories(ws.resolve("watched/deep/er"));
        Files.writeString(ws.resolve("watched/deep/er/x.txt"), "x");
        assertThat(collectChanges(id, "watched/deep/er/x.txt", "created")).containsKey("watched/deep/er/x.txt");
        Files.delete(ws.resolve("watched/new.txt"));
        Map<String, String> deleted = collectChanges(id, "watched/new.txt", "deleted");
        assertThat(deleted).containsEntry("watched/new.txt", "deleted");
        assertThat(allPathsSeen).noneMatch(p -> p.startsWith(".git"));
        rpc.result("fs/unwatch", Map.of("watchId", id));
        assertThat(rpc.errorCode("fs/unwatch", Map.of("watchId", id))).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("fs/watch", Map.of("path", "no-such-dir"))).isEqualTo(ErrorCodes.NOT_FOUND);
    }

    private static final List<String> allPathsSeen = new ArrayList<>();

    private static Map<String, String> collectChanges(String watchId, String path, String type) throws Exception {
        Map<String, String> seen = new java.util.HashMap<>();
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline && !type.equals(seen.get(path))) {
            JsonNode n = rpc.nextNotification(200);
            if (n == null) {
                continue;
            }
            assertThat(n.get("method").asText()).isEqualTo("fs/didChange");
            assertThat(n.get("params").get("watchId").asText()).isEqualTo(watchId);
            for (JsonNode c : n.get("params").get("changes")) {
                seen.put(c.get("path").asText(), c.get("type").asText());
                allPathsSeen.add(c.get("path").asText());
            }
        }
        return seen;
    }

    @Test
    void fileNamesWithReservedUriCharactersRoundTrip() throws Exception {
        String name = "a%41b #1 ?x.txt";
        rpc.result("fs/write", Map.of("path", name, "content", "odd"));
        assertThat(ws.resolve(name)).hasContent("odd");
        assertThat(rpc.result("fs/read", Map.of("path", name)).get("content").asText()).isEqualTo("odd");
        rpc.result("fs/mkdir", Map.of("path", "dir #%25"));
        assertThat(ws.resolve("dir #%25")).isDirectory();
        rpc.result("fs/move", Map.of("from", name, "to", "dir #%25/" + name));
        assertThat(new String(Files.readAllBytes(ws.resolve("dir #%25/" + name)), StandardCharsets.UTF_8)).isEqualTo("odd");
        JsonNode entries = rpc.result("fs/list", Map.of("path", "dir #%25")).get("entries");
        assertThat(entries.get(0).get("path").asText()).isEqualTo("dir #%25/" + name);
    }
}
