package dev.stratus.server.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.ErrorCodes;
import dev.stratus.server.support.RawHttp;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.support.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path-confinement matrix: hostile paths on every fs method and on the HTTP file route are
 * refused with OutsideWorkspace, and nothing outside the workspace is read, changed or created.
 * The workspace is {@code base/data}; {@code base/data-secret} is a sibling with the same prefix.
 */
class PathConfinementTest {
    @TempDir
    static Path base;
    static TestServer server;
    static RpcClient rpc;
    static Path secret;
    static Path outside;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(base);
        Path ws = server.workspace;
        secret = Files.writeString(Files.createDirectories(base.resolve("data-secret")).resolve("secret.txt"), "TOP SECRET");
        outside = Files.writeString(base.resolve("outside.txt"), "OUTSIDE");
        Files.createDirectories(ws.resolve("sub"));
        Files.writeString(ws.resolve("inside.txt"), "inside");
        Files.createSymbolicLink(ws.resolve("escape-link"), base.resolve("data-secret"));
        Files.createSymbolicLink(ws.resolve("file-link"), outside);
        Files.createSymbolicLink(ws.resolve("relative-link"), Path.of("../outside.txt"));
        Files.createSymbolicLink(ws.resolve("dangling-out"), base.resolve("not-yet-there.txt"));
        Files.createSymbolicLink(ws.resolve("link-chain"), Path.of("escape-link/secret.txt"));
        Files.createSymbolicLink(ws.resolve("sub/up-link"), Path.of("../.."));
        rpc = server.rpc();
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
    }

    static Stream<String> hostilePaths() {
        return Stream.of(
                "../outside.txt",
                "../../etc/passwd",
                "/etc/passwd",
                "//etc/passwd",
                "a/../../outside.txt",
                "sub/../../outside.txt",
                "./../outside.txt",
                "..",
                "%2e%2e/outside.txt",
                "%2E%2E%2Foutside.txt",
                "%252e%252e/outside.txt",
                "..\\outside.txt",
                "sub\\..\\..\\outside.txt",
                "inside.txt\u0000.png",
                "C:/Windows/win.ini",
                "../data-secret/secret.txt",
                "escape-link/secret.txt",
                "escape-link",
                "file-link",
                "relative-link",
                "dangling-out",
                "link-chain",
                "sub/up-link/outside.txt");
    }

    @ParameterizedTest
    @MethodSource("hostilePaths")
    void everyRpcMethodRefusesTheHostilePath(String hostile) throws Exception {
        List<String> failures = new ArrayList<>();
        check(failures, "fs/stat", Map.of("path", hostile));
        check(failures, "fs/list", Map.of("path", hostile));
        check(failures, "fs/read", Map.of("path", hostile));
        check(failures, "fs/write", Map.of("path", hostile, "content", "PWNED"));
        check(failures, "fs/mkdir", Map.of("path", hostile + "/newdir"));
        check(failures, "fs/delete", Map.of("path", hostile, "recursive", true));
        check(failures, "fs/move", Map.of("from", hostile, "to", "moved-here"));
        check(failures, "fs/move", Map.of("from", "inside.txt", "to", hostile));
        check(failures, "fs/copy", Map.of("from", hostile, "to", "copied-here"));
        check(failures, "fs/copy", Map.of("from", "inside.txt", "to", hostile));
        check(failures, "fs/watch", Map.of("path", hostile));
        assertThat(failures).as("methods that did not answer OutsideWorkspace").isEmpty();
        assertNothingOutsideChanged();
    }

    @ParameterizedTest
    @MethodSource("hostilePaths")
    void theHttpFileRouteRefusesTheHostilePath(String hostile) throws Exception {
        String target = "/api/workspaces/" + server.workspaceId + "/files/" + urlPath(hostile);
        String auth = "Host: " + server.hostHeader() + "\r\nAuthorization: Bearer " + TestServer.BOOTSTRAP_TOKEN + "\r\n";
        RawHttp.Response get = RawHttp.send(server.server.baseUri().getPort(), "GET", target, auth, null);
        assertThat(get.status()).as("GET %s", target).isEqualTo(403);
        assertThat(get.body()).doesNotContain("TOP SECRET").doesNotContain("OUTSIDE").doesNotContain("root:");
        assertThat(get.body()).contains("OutsideWorkspace");
        RawHttp.Response put = RawHttp.send(server.server.baseUri().getPort(), "PUT", target, auth,
                "PWNED".getBytes(StandardCharsets.UTF_8));
        assertThat(put.status()).as("PUT %s", target).isEqualTo(403);
        assertThat(put.body()).contains("OutsideWorkspace");
        assertNothingOutsideChanged();
    }

    /**
     * Keeps {@code /} and {@code .} literal (so traversal reaches the server un-normalised) and
     * percent-encodes what a request line cannot carry; existing escapes are sent as they are.
     */
    private static String urlPath(String p) {
        StringBuilder sb = new StringBuilder();
        for (char c : p.toCharArray()) {
            if (Character.isLetterOrDigit(c) || "/._-%:".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append(URLEncoder.encode(String.valueOf(c), StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    private static void check(List<String> failures, String method, Map<String, Object> params) throws Exception {
        JsonNode r = rpc.call(method, params);
        int code = r.has("error") ? r.get("error").get("code").asInt() : 0;
        if (code != ErrorCodes.OUTSIDE_WORKSPACE) {
            failures.add(method + " " + params + " -> " + r);
        }
        if (r.has("error")) {
            assertThat(r.get("error").toString()).doesNotContain("TOP SECRET", "\tat ", base.toString());
        }
    }

    private static void assertNothingOutsideChanged() throws Exception {
        assertThat(secret).hasContent("TOP SECRET");
        assertThat(outside).hasContent("OUTSIDE");
        assertThat(base.resolve("not-yet-there.txt")).doesNotExist();
        try (Stream<Path> all = Files.walk(base.resolve("data-secret"))) {
            assertThat(all.count()).isEqualTo(2);
        }
        try (Stream<Path> top = Files.list(base)) {
            assertThat(top.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("data", "data-secret", "outside.txt", "state", "web");
        }
        assertThat(Path.of("/etc/passwd")).content().doesNotContain("PWNED");
    }
}
