package dev.stratus.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.support.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFilesTest {
    @TempDir
    Path base;

    @Test
    void textAssetsAreServedGzippedToClientsThatAcceptItAndCachedForAYear() throws Exception {
        try (TestServer server = TestServer.start(base)) {
            Path assets = Files.createDirectories(base.resolve("web/assets"));
            String js = "export const x = 1;\n".repeat(5000);
            Files.writeString(assets.resolve("index-abc123.js"), js);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(server.uri("/assets/index-abc123.js"))
                    .header("Authorization", "Bearer " + TestServer.BOOTSTRAP_TOKEN).header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(r.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("immutable"));
            assertThat(r.body().length).isLessThan(js.length() / 10);
            assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes())).isEqualTo(js);

            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(server.uri("/assets/index-abc123.js"))
                    .header("Authorization", "Bearer " + TestServer.BOOTSTRAP_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(plain.body()).isEqualTo(js);
        }
    }
}
