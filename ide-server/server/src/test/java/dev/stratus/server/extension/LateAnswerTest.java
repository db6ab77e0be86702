package dev.stratus.server.extension;

import static dev.stratus.server.extension.ExtensionLifecycleTest.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.support.RpcClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed route that answers instead ({@code HttpResponse.Unsent}): its status is decided
 * after work that outlasts the call time limit, and only while nothing of the body went out.
 */
class LateAnswerTest {
    private static final String SOURCE = """
            package test.late;
            import dev.stratus.extension.api.*;
            public class Main implements Extension {
                public void activate(ExtensionContext context) {
                    // Works for ms milliseconds, then answers with the status asked for.
                    context.http().route("GET", "late", req -> HttpResponse.streaming(200, "text/event-stream", out -> {
                        try {
                            Thread.sleep(Long.parseLong(req.query("ms").orElse("0")));
                        } catch (InterruptedException e) {
                            throw new java.io.InterruptedIOException();
                        }
                        int status = Integer.parseInt(req.query("status").orElseThrow());
                        boolean sent = ((HttpResponse.Unsent) out).answerInstead(new HttpResponse(status, "application/json",
                                ("{\\"status\\": " + status + "}").getBytes()).withHeader("Retry-After", "7"));
                        if (!sent) {
                            throw new IllegalStateException("a body nothing was written to could not answer instead");
                        }
                    }));
                    // Begins its body, then tries to answer instead, and says what it was told.
                    context.http().route("GET", "begun", req -> HttpResponse.streaming(200, "text/plain", out -> {
                        out.write("begun;".getBytes());
                        out.flush();
                        boolean sent = ((HttpResponse.Unsent) out).answerInstead(new HttpResponse(503, "text/plain", new byte[0]));
                        out.write(Boolean.toString(sent).getBytes());
                        out.close();
                    }));
                    context.http().route("GET", "throws", req -> HttpResponse.streaming(200, "text/plain", out -> {
                        throw new IllegalStateException("failed at /srv/secret before writing");
                    }));
                    context.http().route("GET", "nested", req -> HttpResponse.streaming(200, "text/plain", out -> {
                        try {
                            ((HttpResponse.Unsent) out).answerInstead(HttpResponse.streaming(200, "text/plain", o -> { }));
                        } catch (IllegalArgumentException e) {
                            out.write(("refused: " + e.getMessage()).getBytes());
                        }
                    }));
                }
            }
            """;

    @TempDir
    static Path base;
    static ExtensionTestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        TestJars.builder(Files.createDirectories(base.resolve("build")))
                .manifest(TestJars.manifest("late", "^1.4.0", "", "\"onStartup\"", ""))
                .source("test.late.Main", SOURCE)
                .build(builtIn.resolve("late.jar"));
        // A short call limit: the answers below come well after it.
        server = ExtensionTestServer.start(base, builtIn, Duration.ofMillis(500));
        try (RpcClient rpc = server.rpc()) {
            awaitState(rpc, "late", "active");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aStreamedRouteAnswersWithItsOwnStatusAfterTheCallTimeLimit() throws Exception {
        HttpResponse<String> r = server.http("GET", "/api/ext/late/late?ms=1500&status=503", null, ExtensionTestServer.AUTH);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        // The whole body, with its length: not a chunked stream.
        assertThat(r.headers().firstValue("Content-Length")).hasValue("15");
        assertThat(r.body()).isEqualTo("{\"status\": 503}");

        HttpResponse<String> ok = server.http("GET", "/api/ext/late/late?ms=0&status=200", null, ExtensionTestServer.AUTH);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"status\": 200}");
    }

    @Test
    void aBodyThatBeganGoesOnAsItBegan() throws Exception {
        HttpResponse<String> r = server.http("GET", "/api/ext/late/begun", null, ExtensionTestServer.AUTH);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("begun;false");
    }

    @Test
    void aWriterThatFailsBeforeWritingAnythingIsA500WithAnIncidentNotADroppedConnection() throws Exception {
        HttpResponse<String> r = server.http("GET", "/api/ext/late/throws", null, ExtensionTestServer.AUTH);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("Internal error (incident ").doesNotContain("/srv/secret");
        // The server serves on, on the same route.
        assertThat(server.http("GET", "/api/ext/late/late?ms=0&status=200", null, ExtensionTestServer.AUTH).statusCode()).isEqualTo(200);
    }

    @Test
    void aStreamedAnswerCannotStandInForAStreamedBody() throws Exception {
        HttpResponse<String> r = server.http("GET", "/api/ext/late/nested", null, ExtensionTestServer.AUTH);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("refused: ").contains("in memory");
    }
}
