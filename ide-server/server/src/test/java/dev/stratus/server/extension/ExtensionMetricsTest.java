package dev.stratus.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics}: the server's own meters and those extensions contribute (API 1.1), in
 * the Prometheus text format, for administrators; an extension whose scrape fails is left out
 * and the rest still answers; a deactivated extension's meters go with it.
 */
class ExtensionMetricsTest {
    @TempDir
    Path base;

    private Path extension(String id, String scrape) throws Exception {
        return TestJars.builder(Files.createDirectories(base.resolve("build-" + id)))
                .manifest(TestJars.manifest(id, "^1.1.0", "", "\"onStartup\"", ""))
                .source("test." + id + ".Main", """
                        package test.%1$s;
                        import dev.stratus.extension.api.*;
                        public class Main implements Extension {
                            public void activate(ExtensionContext context) {
                                context.metrics(() -> %2$s);
                            }
                        }
                        """.formatted(id, scrape))
                .build(base.resolve("jars/" + id + ".jar"));
    }

    @Test
    void serverAndExtensionMetersForAdministratorsOnly() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        Files.copy(extension("broken", "java.util.Objects.requireNonNull(null, \"no meters today\")"), builtIn.resolve("broken.jar"));
        try (var server = ExtensionTestServer.start(base, builtIn, Duration.ofSeconds(5))) {
            server.install(extension("counter", "\"# HELP stratus_counter_calls_total Calls.\\n# TYPE stratus_counter_calls_total counter\\n"
                    + "stratus_counter_calls_total 7.0\\n\""), "counter.jar");
            try (var rpc = server.rpc()) {
                ExtensionLifecycleTest.awaitState(rpc, "counter", "active");
                ExtensionLifecycleTest.awaitState(rpc, "broken", "active");
            }
            HttpResponse<String> anonymous = server.http("GET", "/metrics", null, Map.of());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("jvm_");

            HttpResponse<String> r = server.http("GET", "/metrics", null, ExtensionTestServer.AUTH);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(r.body())
                    .contains("# TYPE jvm_memory_used_bytes gauge")
                    .contains("process_uptime_seconds")
                    .contains("stratus_terminals 0.0")
                    .contains("stratus_extensions{state=\"active\"}")
                    .containsPattern("stratus_http_requests_total\\{method=\"GET\",status=\"4xx\"} [1-9]")
                    .contains("stratus_counter_calls_total 7.0")
                    .doesNotContain("no meters today");
            // Every sample line is "name{labels} value" or "name value": the texts were joined whole.
            for (String line : r.body().lines().toList()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    assertThat(line).matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? \\S+");
                }
            }

            server.uninstall("counter.jar");
            long deadline = System.currentTimeMillis() + 15_000;
            String body = r.body();
            while (body.contains("stratus_counter_calls_total") && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                body = server.http("GET", "/metrics", null, ExtensionTestServer.AUTH).body();
            }
            assertThat(body).as("the removed extension's meters").doesNotContain("stratus_counter_calls_total")
                    .contains("jvm_memory_used_bytes");
        }
    }
}
