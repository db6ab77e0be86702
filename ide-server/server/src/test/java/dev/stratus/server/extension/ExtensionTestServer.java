package dev.stratus.server.extension;

import dev.stratus.server.app.ServeOptions;
import dev.stratus.server.app.StratusServer;
import dev.stratus.server.lsp.LspConfig;
import dev.stratus.server.storage.Jdbc;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.terminal.TerminalConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A real server with a built-in extension folder and a short call time limit. */
final class ExtensionTestServer implements AutoCloseable {
    static final String TOKEN = "extension-test-token-0123456789abcdef";
    static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TOKEN);

    final Path workspace;
    final Path dataDir;
    final Path builtIn;
    final StratusServer server;
    final String workspaceId;
    final ExtensionHost host;

    private ExtensionTestServer(Path base, Path builtIn, Duration callTimeout, Path configFile) throws IOException {
        this.workspace = Files.createDirectories(base.resolve("data"));
        this.dataDir = Files.createDirectories(base.resolve("state"));
        this.builtIn = builtIn;
        Path web = Files.createDirectories(base.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>Stratus</title>");
        this.server = StratusServer.start(new ServeOptions(workspace, "127.0.0.1", 0, dataDir, web, List.of(), List.of(), false),
                TOKEN, TerminalConfig.defaults(), LspConfig.defaults(),
                new ExtensionConfig(builtIn, ExtensionConfig.installDirOf(dataDir), callTimeout, configFile));
        this.workspaceId = server.awaitState().opened().orElseThrow().id();
        this.host = server.extensions();
    }

    /** Starts a server whose built-in extensions are the jars in {@code builtIn} (may be empty). */
    static ExtensionTestServer start(Path base, Path builtIn, Duration callTimeout) throws IOException {
        return new ExtensionTestServer(base, builtIn, callTimeout, null);
    }

    /** As {@link #start(Path, Path, Duration)}, with the server's configuration file. */
    static ExtensionTestServer start(Path base, Path builtIn, Duration callTimeout, Path configFile) throws IOException {
        return new ExtensionTestServer(base, builtIn, callTimeout, configFile);
    }

    /** Copies a jar into the install folder (as {@code stratus extensions install} does) and rescans. */
    void install(Path jar, String fileName) throws IOException {
        Path dir = Files.createDirectories(ExtensionConfig.installDirOf(dataDir));
        Files.copy(jar, dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
        host.rescan();
    }

    void uninstall(String fileName) throws IOException {
        Files.delete(ExtensionConfig.installDirOf(dataDir).resolve(fileName));
        host.rescan();
    }

    RpcClient rpc() throws Exception {
        return rpc(AUTH);
    }

    /** An RPC connection to the workspace authenticated by {@code headers} (see {@link #userAuth}). */
    RpcClient rpc(Map<String, String> headers) throws Exception {
        return RpcClient.connect(URI.create("ws://" + hostPort() + "/api/workspaces/" + workspaceId + "/rpc"), headers);
    }

    /** Headers of a new signed-in user {@code name} who is not an administrator: an API token of theirs. */
    Map<String, String> userAuth(String name) {
        StratusServer.State state = server.awaitState();
        String id = UUID.randomUUID().toString();
        new Jdbc(state.db()).update("INSERT INTO users(id, name, role, created_at) VALUES (?, ?, 'user', ?)", id, name, Instant.now());
        return Map.of("Authorization", "Bearer " + state.auth().createApiToken(id, name + "-token"));
    }

    String hostPort() {
        return server.baseUri().getHost() + ":" + server.baseUri().getPort();
    }

    HttpResponse<String> http(String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
