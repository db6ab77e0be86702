package dev.stratus.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.server.support.RawHttp;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Authentication on every route, Origin checks on upgrades and writes, Host checks, login. */
class HttpSecurityTest {
    @TempDir
    static Path base;
    static TestServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(base);
        Files.writeString(server.workspace.resolve("file.txt"), "content");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int port() {
        return server.server.baseUri().getPort();
    }

    @Test
    void unauthenticatedRequestsGet401() throws Exception {
        for (String path : new String[] {"/api/me", "/api/workspaces", "/api/workspaces/" + server.workspaceId + "/files/file.txt",
                "/assets/index.js", "/index.html", "/api/nonexistent"}) {
            HttpResponse<String> r = get(path, Map.of());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.body()).as(path).doesNotContain("content");
        }
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(server.uri("/api/workspaces/" + server.workspaceId + "/files/new.txt"))
                .header("Origin", server.origin()).PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(401);
        assertThat(server.workspace.resolve("new.txt")).doesNotExist();

        // A script that forgot its token sends no Origin either: it is told to authenticate, not that its origin was refused.
        HttpResponse<String> bare = HTTP.send(HttpRequest.newBuilder(server.uri("/api/workspaces/" + server.workspaceId + "/files/new.txt"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).as(bare.body()).isEqualTo(401);
        assertThat(bare.body()).contains("unauthenticated");
        assertThat(server.workspace.resolve("new.txt")).doesNotExist();
    }

    @Test
    void aWriteWithASessionCookieButNoOriginIsRefused() throws Exception {
        // A session cookie is what a forged cross-site request would ride on: without an Origin to check, it is refused.
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.uri("/api/workspaces/" + server.workspaceId + "/files/new.txt"))
                .header("Cookie", "stratus_session=whatever").PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("origin_refused");
        assertThat(server.workspace.resolve("new.txt")).doesNotExist();
    }

    @Test
    void aBrowserNavigationWithoutASessionIsSentToTheLoginPage() throws Exception {
        HttpResponse<String> r = get("/", Map.of("Accept", "text/html"));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("/login");
    }

    @Test
    void healthReadinessAndTheLoginPageArePublic() throws Exception {
        assertThat(get("/healthz", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get("/readyz", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get("/login", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnauthenticatedRpcUpgradeGets401() {
        var f = RpcClient.connectAsync(server.wsUri(server.rpcPath()), Map.of("Origin", server.origin()));
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "http://127.0.0.1:PORT.evil.com", "null", "http://localhost.evil.com",
            "http://127.0.0.1:PORT/path", "ws://127.0.0.1:PORT", "http://user@127.0.0.1:PORT", "MISSING"})
    void aWebSocketUpgradeWithAForeignOriginGets403BeforeAnyRpcRuns(String origin) throws Exception {
        String cookie = server.loginCookie();
        Map<String, String> headers = new java.util.HashMap<>(Map.of("Cookie", "stratus_session=" + cookie));
        if (!origin.equals("MISSING")) {
            headers.put("Origin", origin.replace("PORT", Integer.toString(port())));
        }
        var f = RpcClient.connectAsync(server.wsUri(server.rpcPath()), headers);
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
    }

    @Test
    void theSameOriginWithASessionCookieConnects() throws Exception {
        String cookie = server.loginCookie();
        try (RpcClient rpc = RpcClient.connect(server.wsUri(server.rpcPath()),
                Map.of("Cookie", "stratus_session=" + cookie, "Origin", server.origin()))) {
            assertThat(rpc.result("fs/read", Map.of("path", "file.txt")).get("content").asText()).isEqualTo("content");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:PORT", "127.0.0.1.evil.com:PORT", "localhost.evil.com", "", "127.0.0.1:x"})
    void aForeignHostHeaderIsRefused(String host) throws Exception {
        String h = host.replace("PORT", Integer.toString(port()));
        RawHttp.Response r = RawHttp.send(port(), "GET", "/healthz", "Host: " + h + "\r\n", null);
        assertThat(r.status()).isIn(400, 421);
        RawHttp.Response api = RawHttp.send(port(), "GET", "/api/me",
                "Host: " + h + "\r\nAuthorization: Bearer " + TestServer.BOOTSTRAP_TOKEN + "\r\n", null);
        assertThat(api.status()).isIn(400, 421);
        assertThat(api.body()).doesNotContain("admin");
    }

    @Test
    void loopbackHostNamesAreAccepted() throws Exception {
        for (String host : new String[] {"127.0.0.1:" + port(), "localhost:" + port(), "LOCALHOST:" + port()}) {
            assertThat(RawHttp.send(port(), "GET", "/healthz", "Host: " + host + "\r\n", null).status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void aOneTimeLoginTokenWorksOnceAndSetsAStrictHttpOnlyCookie() throws Exception {
        String token = server.server.loginUrl().getFragment().substring("token=".length());
        HttpResponse<String> first = login(token, server.origin());
        assertThat(first.statusCode()).isEqualTo(204);
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("stratus_session=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Path=/").doesNotContain(token);
        String session = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        assertThat(get("/api/me", Map.of("Cookie", "stratus_session=" + session)).body()).contains("\"name\":\"admin\"");
        assertThat(login(token, server.origin()).statusCode()).isEqualTo(401);
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        String session = server.loginCookie();
        Map<String, String> cookie = Map.of("Cookie", "stratus_session=" + session);
        assertThat(get("/api/me", cookie).statusCode()).isEqualTo(200);
        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(server.uri("/api/logout")).header("Cookie", "stratus_session=" + session)
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(get("/api/me", cookie).statusCode()).isEqualTo(200);
        HttpResponse<String> out = HTTP.send(HttpRequest.newBuilder(server.uri("/api/logout")).header("Cookie", "stratus_session=" + session)
                .header("Origin", server.origin()).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(get("/api/me", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void apiTokensAuthenticateAndWrongOnesDoNot() throws Exception {
        assertThat(get("/api/me", Map.of("Authorization", "Bearer " + TestServer.BOOTSTRAP_TOKEN)).statusCode()).isEqualTo(200);
        assertThat(get("/api/me", Map.of("Authorization", "Bearer " + TestServer.BOOTSTRAP_TOKEN + "x")).statusCode()).isEqualTo(401);
        assertThat(get("/api/me", Map.of("Cookie", "stratus_session=" + TestServer.BOOTSTRAP_TOKEN)).statusCode()).isEqualTo(401);
        String token = server.server.awaitState().auth().createApiToken(server.server.awaitState().adminId(), "test");
        assertThat(get("/api/workspaces", Map.of("Authorization", "Bearer " + token)).body()).contains(server.workspaceId);
    }

    @Test
    void failedLoginAttemptsAreRateLimitedAndThenEvenAValidTokenWaits(@TempDir Path own) throws Exception {
        try (TestServer limitedServer = TestServer.start(own)) {
            int limited = 0;
            String retryAfter = null;
            for (int i = 0; i < 15; i++) {
                HttpResponse<String> r = login(limitedServer, "wrong-token-" + i);
                if (r.statusCode() == 429) {
                    limited++;
                    retryAfter = r.headers().firstValue("Retry-After").orElse(null);
                } else {
                    assertThat(r.statusCode()).isEqualTo(401);
                }
            }
            assertThat(limited).isGreaterThan(0);
            assertThat(retryAfter).isNotNull().matches("\\d+");
            String token = limitedServer.server.loginUrl().getFragment().substring("token=".length());
            assertThat(login(limitedServer, token).statusCode()).isEqualTo(429);
        }
    }

    private static HttpResponse<String> login(TestServer s, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(s.origin() + "/api/login")).header("Content-Type", "application/json")
                .header("Origin", s.origin()).POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLoginFromAForeignOriginIsRefused() throws Exception {
        String token = server.server.loginUrl().getFragment().substring("token=".length());
        assertThat(login(token, "https://evil.example").statusCode()).isEqualTo(403);
        // The login acts without credentials (it sets a session): without an Origin it is refused too.
        HttpResponse<String> bare = HTTP.send(HttpRequest.newBuilder(server.uri("/api/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(403);
        assertThat(bare.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void responsesCarryTheSecurityHeaders() throws Exception {
        HttpResponse<String> r = get("/login", Map.of());
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-eval"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    private HttpResponse<String> login(String token, String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.origin() + "/api/login")).header("Content-Type", "application/json")
                .header("Origin", origin).POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
