package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.fs.FileService;
import dev.stratus.protocol.fs.ReadParams;
import dev.stratus.protocol.fs.ReadResult;
import dev.stratus.protocol.lsp.ApplyWorkspaceEditResult;
import dev.stratus.server.fs.FsConfig;
import dev.stratus.server.fs.LocalFileStores;
import dev.stratus.server.fs.VfsFileService;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import dev.stratus.server.workspace.Workspace;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code language-servers/applyEdit}: workspace edits written through the file service, file by
 * file, with every bad input answered for its file and nothing else touched.
 */
class ApplyEditRpcTest {
    @TempDir
    static Path base;
    static TestServer server;
    static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(base);
        rpc = server.rpc();
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
    }

    private static JsonNode json(String text) throws Exception {
        return RpcClient.JSON.readTree(text);
    }

    private static String edit(String line, int from, int to, String newText) {
        return "{\"range\":{\"start\":{\"line\":%s,\"character\":%d},\"end\":{\"line\":%s,\"character\":%d}},\"newText\":\"%s\"}"
                .formatted(line, from, line, to, newText);
    }

    private Path write(String path, String text) throws Exception {
        Path p = server.workspace.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void changesOverTwoFilesAreWrittenAndReportedPerPath() throws Exception {
        Path a = write("ae/a.ts", "export const greet = 1;\n");
        Path b = write("ae/b 1.ts", "import { greet } from './a';\r\ngreet;\n");
        JsonNode result = rpc.result("language-servers/applyEdit", json("""
                {"edit":{"changes":{
                  "file:///workspace/ae/a.ts":[%s],
                  "file:///workspace/ae/b%%201.ts":[%s,%s]}}}""".formatted(edit("0", 13, 18, "hello"),
                edit("0", 9, 14, "hello"), edit("1", 0, 5, "hello"))));
        assertThat(result.get("applied")).extracting(JsonNode::asText).containsExactly("ae/a.ts", "ae/b 1.ts");
        assertThat(result.get("failed")).isEmpty();
        assertThat(Files.readString(a)).isEqualTo("export const hello = 1;\n");
        assertThat(Files.readString(b)).isEqualTo("import { hello } from './a';\r\nhello;\n");
    }

    @Test
    void anEditOutsideItsFileFailsThatFileAloneWithInvalidParams() throws Exception {
        Path ok = write("range/ok.ts", "one\n");
        Path bad = write("range/bad.ts", "two\n");
        JsonNode result = rpc.result("language-servers/applyEdit", json("""
                {"edit":{"changes":{
                  "file:///workspace/range/bad.ts":[%s,%s],
                  "file:///workspace/range/ok.ts":[%s]}}}""".formatted(edit("0", 0, 1, "T"), edit("5", 0, 0, "x"),
                edit("0", 0, 3, "ONE"))));
        assertThat(result.get("applied")).extracting(JsonNode::asText).containsExactly("range/ok.ts");
        assertThat(result.get("failed")).singleElement().satisfies(f -> {
            assertThat(f.get("path").asText()).isEqualTo("range/bad.ts");
            assertThat(f.get("code").asInt()).isEqualTo(-32602);
        });
        assertThat(Files.readString(bad)).isEqualTo("two\n");
        assertThat(Files.readString(ok)).isEqualTo("ONE\n");
    }

    @Test
    void urisOutsideTheWorkspaceFailWithOutsideWorkspace() throws Exception {
        Files.writeString(base.resolve("outside.ts"), "secret\n");
        Files.createSymbolicLink(server.workspace.resolve("link-out"), base);
        JsonNode result = rpc.result("language-servers/applyEdit", json("""
                {"edit":{"changes":{
                  "file:///workspace/../outside.ts":[%s],
                  "file:///workspace/link-out/outside.ts":[%s],
                  "file:///etc/hostname":[%s]}}}""".formatted(edit("0", 0, 1, "X"), edit("0", 0, 1, "X"), edit("0", 0, 1, "X"))));
        assertThat(result.get("applied")).isEmpty();
        assertThat(result.get("failed")).extracting(f -> f.get("code").asInt()).containsExactly(1004, 1004, 1004);
        assertThat(Files.readString(base.resolve("outside.ts"))).isEqualTo("secret\n");
    }

    @Test
    void documentChangesCreateRenameAndDeleteFiles() throws Exception {
        write("ops/old.ts", "old\n");
        write("ops/gone/x.ts", "x\n");
        write("ops/exists.ts", "keep\n");
        JsonNode result = rpc.result("language-servers/applyEdit", json("""
                {"edit":{"documentChanges":[
                  {"kind":"create","uri":"file:///workspace/ops/new/made.ts"},
                  {"textDocument":{"uri":"file:///workspace/ops/new/made.ts","version":null},"edits":[%s]},
                  {"kind":"rename","oldUri":"file:///workspace/ops/old.ts","newUri":"file:///workspace/ops/moved/renamed.ts"},
                  {"kind":"delete","uri":"file:///workspace/ops/gone","options":{"recursive":true}},
                  {"kind":"delete","uri":"file:///workspace/ops/never.ts","options":{"ignoreIfNotExists":true}},
                  {"kind":"create","uri":"file:///workspace/ops/exists.ts","options":{"ignoreIfExists":true}},
                  {"kind":"create","uri":"file:///workspace/ops/exists.ts"},
                  {"kind":"delete","uri":"file:///workspace/ops/never.ts"},
                  {"kind":"explode","uri":"file:///workspace/ops/x.ts"}]}}""".formatted(edit("0", 0, 0, "made"))));
        assertThat(result.get("applied")).extracting(JsonNode::asText)
                .containsExactly("ops/new/made.ts", "ops/old.ts", "ops/gone", "ops/never.ts", "ops/exists.ts");
        assertThat(result.get("failed")).extracting(f -> f.get("path").asText() + " " + f.get("code").asInt())
                .containsExactly("ops/exists.ts 1002", "ops/never.ts 1001", "file:///workspace/ops/x.ts -32602");
        assertThat(Files.readString(server.workspace.resolve("ops/new/made.ts"))).isEqualTo("made");
        assertThat(Files.readString(server.workspace.resolve("ops/moved/renamed.ts"))).isEqualTo("old\n");
        assertThat(server.workspace.resolve("ops/old.ts")).doesNotExist();
        assertThat(server.workspace.resolve("ops/gone")).doesNotExist();
        assertThat(Files.readString(server.workspace.resolve("ops/exists.ts"))).isEqualTo("keep\n");
    }

    @Test
    void aMissingOrMalformedEditIsInvalidParams() throws Exception {
        assertThat(rpc.errorCode("language-servers/applyEdit", json("{}"))).isEqualTo(-32602);
        assertThat(rpc.errorCode("language-servers/applyEdit", json("{\"edit\":{\"documentChanges\":5}}"))).isEqualTo(-32602);
        assertThat(rpc.errorCode("language-servers/applyEdit", json("{\"edit\":[1]}"))).isEqualTo(-32602);
        assertThat(rpc.result("language-servers/applyEdit", json("{\"edit\":{}}")).get("applied")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFileChangedBetweenReadAndWriteIsAConflictAndKeepsTheOtherChange(@TempDir Path ws) throws Exception {
        Path file = ws.resolve("a.ts");
        Files.writeString(file, "let a = 1;\n");
        Workspace workspace = new Workspace("w", "w", ws.toRealPath());
        try (LocalFileStores stores = new LocalFileStores(FsConfig.defaults());
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            FileService real = new VfsFileService(stores.store(workspace), stores.watcher(workspace), changes -> { },
                    FsConfig.defaults(), executor);
            // Someone saves the file right after the edit read it.
            FileService racing = (FileService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {FileService.class},
                    (proxy, method, args) -> {
                        Object r = method.invoke(real, args);
                        if (method.getName().equals("read")) {
                            ReadResult read = ((CompletableFuture<ReadResult>) r).join();
                            Thread.sleep(5);
                            Files.writeString(file, "let a = 2; // saved meanwhile\n");
                            return CompletableFuture.completedFuture(read);
                        }
                        return r;
                    });
            ObjectNode edit = (ObjectNode) json("{\"changes\":{\"file:///workspace/a.ts\":[%s]}}".formatted(edit("0", 4, 5, "b")));
            ApplyWorkspaceEditResult result = WorkspaceEditApplier.apply(racing, edit);
            assertThat(result.applied()).isEmpty();
            assertThat(result.failed()).singleElement().satisfies(f -> {
                assertThat(f.path()).isEqualTo("a.ts");
                assertThat(f.code()).isEqualTo(1003);
            });
            assertThat(Files.readString(file)).isEqualTo("let a = 2; // saved meanwhile\n");
            assertThat(real.read(new ReadParams("a.ts", null)).join().content()).isEqualTo("let a = 2; // saved meanwhile\n");
        }
    }
}
