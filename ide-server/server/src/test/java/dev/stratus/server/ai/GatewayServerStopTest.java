package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server stops promptly while gateway requests wait for a model and their clients are watched:
 * the model calls are stopped, not waited for, and the waiting clients are not answered with an
 * internal error.
 */
class GatewayServerStopTest {
    @TempDir
    Path base;

    @Test
    void theServerStopsAtOnceWhileRequestsWaitForAModel() throws Exception {
        AiServerFixture yaml = AiServerFixture.with(deployment("small", "small", "small", 16000)).rateLimit(1000).userTokens(1000000);
        try (dev.stratus.ai.testing.ScriptedUpstream upstream = dev.stratus.ai.testing.ScriptedUpstream.start()) {
            AiTestServer ai = AiTestServer.start(Files.createDirectories(base.resolve("server")), yaml.yaml(upstream.openAiBaseUrl()),
                    java.util.Map.of());
            List<Socket> clients = new ArrayList<>();
            boolean stopped = false;
            try {
                for (boolean stream : new boolean[] {false, true, false, true}) {
                    upstream.openAi("small").thenHang();
                    byte[] body = ("{\"model\": \"stratus/small\", \"stream\": " + stream
                            + ", \"messages\": [{\"role\": \"user\", \"content\": \"take your time\"}]}").getBytes(StandardCharsets.UTF_8);
                    Socket s = new Socket(ai.server().baseUri().getHost(), ai.server().baseUri().getPort());
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                            + AiTestServer.TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().write(body);
                    s.getOutputStream().flush();
                    clients.add(s);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (upstream.chatRequests().size() < clients.size()) {
                    assertThat(System.nanoTime()).as("the upstream was asked").isLessThan(deadline);
                    Thread.sleep(10);
                }
                Thread.sleep(500); // every client is watched by now

                long start = System.nanoTime();
                stopped = true;
                ai.close();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the time the server took to stop")
                        .isLessThan(Duration.ofSeconds(10));

                for (Socket s : clients) {
                    InputStream in = s.getInputStream();
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    in.transferTo(got);
                    assertThat(got.toString(StandardCharsets.UTF_8)).as("what a waiting client got").doesNotContain("Internal error");
                }
            } finally {
                clients.forEach(s -> {
                    try {
                        s.close();
                    } catch (java.io.IOException e) {
                        // already closed
                    }
                });
                if (!stopped) {
                    ai.close();
                }
            }
        }
    }
}
