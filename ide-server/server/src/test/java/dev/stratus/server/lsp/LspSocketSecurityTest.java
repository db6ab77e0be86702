package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.WebSocketHandshake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way to misuse the LSP socket: no or a wrong credential, a foreign Origin, an unknown
 * workspace or language, binary or oversized frames, and URIs leaving the workspace, which must
 * reach nothing.
 */
class LspSocketSecurityTest {
    @TempDir
    static Path base;
    static LspTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LspTestServer.start(base);
        Files.createDirectories(base.resolve("data-secret"));
        Files.writeString(base.resolve("data-secret/secret.ts"), "export const secret: number = 'leaked';\n");
        Files.createSymbolicLink(server.workspace.resolve("escape"), base.resolve("data-secret"));
        Files.writeString(server.workspace.resolve("ok.ts"), "const ok: number = 'x';\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anUnauthenticatedSocketIs401() {
        assertThat(WebSocketHandshake.refusedWith(server.lspUri("typescript"), Map.of("Origin", server.origin()))).isEqualTo(401);
        assertThat(WebSocketHandshake.refusedWith(server.lspUri("typescript"), Map.of("Authorization", "Bearer wrong-token-0123456789abcdef0123")))
                .isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "http://127.0.0.1:1", "null"})
    void aForeignOriginIs403EvenWithAToken(String origin) {
        Map<String, String> headers = new HashMap<>(LspTestServer.AUTH);
        headers.put("Origin", origin);
        assertThat(WebSocketHandshake.refusedWith(server.lspUri("typescript"), headers)).isEqualTo(403);
    }

    @Test
    void anUnknownWorkspaceOrLanguageIs404BeforeTheUpgrade() {
        assertThat(WebSocketHandshake.refusedWith(server.ws("/api/workspaces/nope/lsp/typescript"), LspTestServer.AUTH)).isEqualTo(404);
        assertThat(WebSocketHandshake.refusedWith(server.lspUri("cobol"), LspTestServer.AUTH)).isEqualTo(404);
    }

    @Test
    void aLanguageWhoseServerIsNotInstalledIs404() {
        LanguageServerRegistry registry = LanguageServerRegistry.load(InstalledLanguageServers.dir());
        org.junit.jupiter.api.Assumptions.assumeFalse(registry.installed(registry.byId("jdtls").orElseThrow()), "jdtls is installed here");
        assertThat(WebSocketHandshake.refusedWith(server.lspUri("java"), LspTestServer.AUTH)).isEqualTo(404);
    }

    @Test
    void aBinaryFrameClosesTheSocketWith1003() throws Exception {
        InstalledLanguageServers.require("typescript");
        try (LspSocketClient c = LspSocketClient.connect(server.lspUri("typescript"), LspTestServer.AUTH)) {
            c.sendBinary(new byte[] {1, 2, 3});
            assertThat(c.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1003);
        }
    }

    @Test
    void aMessageOver16MiBClosesTheSocketWith1009AndTheOthersCarryOn() throws Exception {
        InstalledLanguageServers.require("typescript");
        try (LspSocketClient good = server.lsp("typescript");
             LspSocketClient bad = LspSocketClient.connect(server.lspUri("typescript"), LspTestServer.AUTH)) {
            bad.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"" + "a".repeat(16 << 20) + "\"}");
            assertThat(bad.closeCode.get(30, TimeUnit.SECONDS)).isEqualTo(1009);
            good.open("ok.ts", "typescript", Files.readString(server.workspace.resolve("ok.ts")));
            good.awaitDiagnostic("ok.ts", "not assignable");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///workspace/../data-secret/secret.ts", "file:///workspace/%2e%2e/data-secret/secret.ts",
        "file:///workspace/escape/secret.ts", "file:///etc/passwd"})
    void aUriLeavingTheWorkspaceIsRefusedAndReachesNothing(String uri) throws Exception {
        InstalledLanguageServers.require("typescript");
        try (LspSocketClient c = server.lsp("typescript")) {
            JsonNode hover = c.request("textDocument/hover", Map.of("textDocument", Map.of("uri", uri),
                    "position", Map.of("line", 0, "character", 14)));
            assertThat(hover.at("/error/code").asInt()).isEqualTo(-32602);
            assertThat(hover.at("/error/message").asText()).contains("outside the workspace");

            // A didOpen of it is dropped: the server never checks it, while a file opened after it is.
            c.notify("textDocument/didOpen", Map.of("textDocument", Map.of("uri", uri, "languageId", "typescript",
                    "version", 1, "text", "export const secret: number = 'leaked';\n")));
            c.open("ok.ts", "typescript", Files.readString(server.workspace.resolve("ok.ts")));
            c.awaitDiagnostic("ok.ts", "not assignable");
            Thread.sleep(500);
            assertThat(c.notifications("textDocument/publishDiagnostics"))
                    .allSatisfy(n -> assertThat(n.at("/params/uri").asText()).isEqualTo(LspTestServer.uri("ok.ts")));
            JsonNode stillRefused = c.request("textDocument/definition", Map.of("textDocument", Map.of("uri", uri),
                    "position", Map.of("line", 0, "character", 14)));
            assertThat(stillRefused.at("/error/code").asInt()).isEqualTo(-32602);
        }
    }

    @Test
    void requestsBeforeInitializeAreRefusedAndBadJsonIsAnswered() throws Exception {
        InstalledLanguageServers.require("typescript");
        try (LspSocketClient c = LspSocketClient.connect(server.lspUri("typescript"), LspTestServer.AUTH)) {
            JsonNode early = c.request("textDocument/hover", Map.of());
            assertThat(early.at("/error/code").asInt()).isEqualTo(-32002);
            c.sendText("{not json");
            c.sendText("[1,2]");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (c.unmatched().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(c.unmatched()).extracting(m -> m.at("/error/code").asInt()).containsExactly(-32700, -32600);
            c.initialize();
        }
    }
}
