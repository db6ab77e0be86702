package dev.stratus.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.support.TestServer;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamed download and upload of files larger than the RPC limit. */
class FileTransferTest {
    @TempDir
    static Path base;
    static TestServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(base);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.uri("/api/workspaces/" + server.workspaceId + "/files/" + path))
                .header("Authorization", "Bearer " + TestServer.BOOTSTRAP_TOKEN);
    }

    @Test
    void aLargeFileDownloadsByteExactAsAnAttachment() throws Exception {
        byte[] data = new byte[40 << 20];
        new Random(7).nextBytes(data);
        Files.write(server.workspace.resolve("big.bin"), data);
        HttpResponse<InputStream> r = HTTP.send(request("big.bin").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).startsWith("attachment"));
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("sandbox"));
        assertThat(sha256(r.body())).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    }

    @Test
    void aLargeUploadIsWrittenAtomicallyAndHonoursIfMatch() throws Exception {
        byte[] data = new byte[20 << 20];
        new Random(9).nextBytes(data);
        HttpResponse<String> up = HTTP.send(request("up.bin").PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(Files.readAllBytes(server.workspace.resolve("up.bin"))).isEqualTo(data);
        String etag = up.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> stale = HTTP.send(request("up.bin").header("If-Match", "\"0-0-0\"")
                .PUT(HttpRequest.BodyPublishers.ofString("stale")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.body()).contains("Conflict");
        assertThat(Files.size(server.workspace.resolve("up.bin"))).isEqualTo(data.length);

        HttpResponse<String> fresh = HTTP.send(request("up.bin").header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString("fresh")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(Files.readString(server.workspace.resolve("up.bin"))).isEqualTo("fresh");

        HttpResponse<String> noClobber = HTTP.send(request("up.bin").header("If-None-Match", "*")
                .PUT(HttpRequest.BodyPublishers.ofString("clobber")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noClobber.statusCode()).isEqualTo(412);
        assertThat(Files.readString(server.workspace.resolve("up.bin"))).isEqualTo("fresh");
    }

    @Test
    void missingFilesAndDirectoriesGiveClearErrors() throws Exception {
        assertThat(HTTP.send(request("nope.txt").GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        Files.createDirectories(server.workspace.resolve("adir"));
        HttpResponse<String> dir = HTTP.send(request("adir").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(dir.statusCode()).isEqualTo(409);
        assertThat(dir.body()).contains("IsADirectory");
        HttpResponse<String> noParent = HTTP.send(request("no/parent.txt").PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noParent.statusCode()).isEqualTo(404);
        assertThat(HTTP.send(HttpRequest.newBuilder(server.uri("/api/workspaces/unknown/files/x")).header("Authorization",
                "Bearer " + TestServer.BOOTSTRAP_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
