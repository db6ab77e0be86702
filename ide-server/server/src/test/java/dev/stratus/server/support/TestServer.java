package dev.stratus.server.support;

import dev.stratus.server.app.ServeOptions;
import dev.stratus.server.app.StratusServer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real Stratus server on a random loopback port, with a workspace folder and a data dir. */
public final class TestServer implements AutoCloseable {
    public static final String BOOTSTRAP_TOKEN = "test-bootstrap-token-0123456789abcdef";

    public final Path workspace;
    public final Path dataDir;
    public final StratusServer server;
    public final String workspaceId;

    private TestServer(Path base) throws IOException {
        this.workspace = Files.createDirectories(base.resolve("data"));
        this.dataDir = Files.createDirectories(base.resolve("state"));
        Path web = Files.createDirectories(base.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>Stratus</title>");
        Files.writeString(web.resolve("login.html"), "<!doctype html><title>Login</title>");
        this.server = StratusServer.start(new ServeOptions(workspace, "127.0.0.1", 0, dataDir, web, List.of(), List.of(), false),
                BOOTSTRAP_TOKEN);
        this.workspaceId = server.awaitState().opened().orElseThrow().id();
    }

    /** Starts a server whose workspace is {@code base/data} (so {@code base/data-secret} is a sibling). */
    public static TestServer start(Path base) throws IOException {
        return new TestServer(base);
    }

    public URI uri(String path) {
        return server.baseUri().resolve(path);
    }

    public String origin() {
        String s = server.baseUri().toString();
        return s.substring(0, s.length() - 1);
    }

    public String hostHeader() {
        return server.baseUri().getHost() + ":" + server.baseUri().getPort();
    }

    public URI wsUri(String path) {
        return URI.create("ws://" + hostHeader() + path);
    }

    public String rpcPath() {
        return "/api/workspaces/" + workspaceId + "/rpc";
    }

    /** Logs in through a fresh one-time login URL and returns the session cookie value. */
    public String loginCookie() throws IOException, InterruptedException {
        String token = server.loginUrl().getFragment().substring("token=".length());
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/login"))
                .header("Content-Type", "application/json").header("Origin", origin())
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    /** An RPC client authenticated with the bootstrap API token. */
    public RpcClient rpc() throws Exception {
        return RpcClient.connect(wsUri(rpcPath()), java.util.Map.of("Authorization", "Bearer " + BOOTSTRAP_TOKEN));
    }

    @Override
    public void close() {
        server.close();
    }
}
