package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.app.ServeOptions;
import dev.stratus.server.app.StratusServer;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.terminal.TerminalConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Stratus server on a random loopback port with the given language-server settings, its
 * workspace in {@code base/data}, the installed language servers, and helpers for LSP sockets and
 * the {@code language-servers/*} RPC methods.
 */
final class LspTestServer implements AutoCloseable {
    static final String TOKEN = "lsp-test-token-0123456789abcdef0123";
    static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TOKEN);

    final Path workspace;
    final StratusServer server;
    final String workspaceId;

    private LspTestServer(Path base, LspConfig config) throws IOException {
        this.workspace = Files.createDirectories(base.resolve("data"));
        Path web = Files.createDirectories(base.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>Stratus</title>");
        Path state = Files.createDirectories(base.resolve("state"));
        InstalledLanguageServers.linkInto(state);
        this.server = StratusServer.start(new ServeOptions(workspace, "127.0.0.1", 0, state, web, List.of(), List.of(), false),
                TOKEN, TerminalConfig.defaults(), config);
        this.workspaceId = server.awaitState().opened().orElseThrow().id();
    }

    static LspTestServer start(Path base, LspConfig config) throws IOException {
        return new LspTestServer(base, config);
    }

    static LspTestServer start(Path base) throws IOException {
        return start(base, LspConfig.defaults());
    }

    String origin() {
        String s = server.baseUri().toString();
        return s.substring(0, s.length() - 1);
    }

    URI ws(String path) {
        return URI.create("ws://" + server.baseUri().getHost() + ":" + server.baseUri().getPort() + path);
    }

    URI lspUri(String languageId) {
        return ws("/api/workspaces/" + workspaceId + "/lsp/" + languageId);
    }

    RpcClient rpc() throws Exception {
        return RpcClient.connect(ws("/api/workspaces/" + workspaceId + "/rpc"), AUTH);
    }

    /** An LSP socket for {@code languageId}, initialized (initialize answered, initialized sent). */
    LspSocketClient lsp(String languageId) throws Exception {
        LspSocketClient c = LspSocketClient.connect(lspUri(languageId), AUTH);
        c.initialize();
        return c;
    }

    /** The status entry of server {@code id}, or null. */
    static JsonNode status(RpcClient rpc, String id) throws Exception {
        for (JsonNode s : rpc.result("language-servers/status", Map.of()).get("servers")) {
            if (s.get("id").asText().equals(id)) {
                return s;
            }
        }
        return null;
    }

    /** Waits until server {@code id} is ready with a process other than {@code notPid}; returns its pid. */
    static long awaitReady(RpcClient rpc, String id, long notPid, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode s = null;
        while (System.nanoTime() < deadline) {
            s = status(rpc, id);
            if (s != null && s.get("state").asText().equals("ready") && s.hasNonNull("pid") && s.get("pid").asLong() != notPid) {
                return s.get("pid").asLong();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Timed out waiting for " + id + " to be ready again; last status " + s);
    }

    /** The file URI clients use for a workspace path. */
    static String uri(String path) {
        return "file:///workspace/" + path;
    }

    @Override
    public void close() {
        server.close();
    }
}
