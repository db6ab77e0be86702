package dev.stratus.server.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.app.ServeOptions;
import dev.stratus.server.app.StratusServer;
import dev.stratus.server.support.RpcClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real Stratus server on a random loopback port with the given terminal settings, its
 * workspace in {@code base/data}, and helpers for terminals: RPC, byte sockets, gauges.
 */
final class TerminalTestServer implements AutoCloseable {
    static final String TOKEN = "terminal-test-token-0123456789abcdef";
    static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TOKEN);

    final Path workspace;
    final StratusServer server;
    final String workspaceId;

    private TerminalTestServer(Path base, TerminalConfig config) throws IOException {
        this.workspace = Files.createDirectories(base.resolve("data"));
        Path web = Files.createDirectories(base.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>Stratus</title>");
        this.server = StratusServer.start(new ServeOptions(workspace, "127.0.0.1", 0, Files.createDirectories(base.resolve("state")),
                web, List.of(), List.of(), false), TOKEN, config);
        this.workspaceId = server.awaitState().opened().orElseThrow().id();
    }

    static TerminalTestServer start(Path base, TerminalConfig config) throws IOException {
        return new TerminalTestServer(base, config);
    }

    String origin() {
        String s = server.baseUri().toString();
        return s.substring(0, s.length() - 1);
    }

    URI ws(String path) {
        return URI.create("ws://" + server.baseUri().getHost() + ":" + server.baseUri().getPort() + path);
    }

    RpcClient rpc() throws Exception {
        return RpcClient.connect(ws("/api/workspaces/" + workspaceId + "/rpc"), AUTH);
    }

    URI socketUri(String terminalId, Long from) {
        return ws("/api/workspaces/" + workspaceId + "/terminals/" + terminalId + (from == null ? "" : "?from=" + from));
    }

    TerminalSocketClient attach(String terminalId, long from, TerminalSocketClient.Mode mode) throws Exception {
        return TerminalSocketClient.connect(socketUri(terminalId, from), AUTH, mode, true);
    }

    /**
     * The shell tests type into. Not the account's login shell: that reads the machine's own
     * dotfiles, which may be slow or print anything; /bin/sh is in every /etc/shells.
     */
    static final String SH = "/bin/sh";

    /** Creates an 80x24 terminal running {@link #SH} in the workspace root. */
    static String create(RpcClient rpc) throws Exception {
        return rpc.result("terminal/create", Map.of("cols", 80, "rows", 24, "shell", SH)).get("terminalId").asText();
    }

    static JsonNode info(RpcClient rpc, String terminalId) throws Exception {
        for (JsonNode t : rpc.result("terminal/list", Map.of()).get("terminals")) {
            if (t.get("terminalId").asText().equals(terminalId)) {
                return t;
            }
        }
        return null;
    }

    PtyTerminal terminal(String terminalId) {
        return server.terminals().find(workspaceId, terminalId).orElseThrow();
    }

    @Override
    public void close() {
        server.close();
    }
}
