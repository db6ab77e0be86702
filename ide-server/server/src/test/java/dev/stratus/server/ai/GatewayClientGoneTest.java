package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway client that hangs up before anything of its answer was written (a plain request
 * waiting for the whole answer, a streamed one before its first token, one waiting for a
 * deployment to recover) stops its request at once: the model is not asked further, and the
 * request is settled and audited as one whose client left mid-answer.
 */
class GatewayClientGoneTest {
    /** How soon the upstream's connection closes, or the record is written, after the client left. */
    static final Duration BOUND = Duration.ofSeconds(3);

    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("small", "small", "small", 16000))
            .rateLimit(1000).userTokens(1000000);

    /** Sends a chat request on a raw socket, waits until the upstream has it (and {@code more}), then hangs up. */
    static void sendAndLeave(String body, Duration more) throws Exception {
        int calls = ai.upstream().chatRequests().size();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket(ai.server().baseUri().getHost(), ai.server().baseUri().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + AiTestServer.TOKEN
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ai.upstream().chatRequests().size() == calls) {
                assertThat(System.nanoTime()).as("the upstream was asked").isLessThan(deadline);
                Thread.sleep(10);
            }
            Thread.sleep(more.toMillis());
            assertThat(s.getInputStream().available()).as("nothing was answered yet").isZero();
        }
    }

    static void awaitUpstreamIdle() throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (ai.upstream().openConnections() > 0) {
            assertThat(System.nanoTime()).as("the upstream's connection was closed within " + BOUND).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    static java.util.List<JsonNode> records() throws Exception {
        java.nio.file.Path audit = ai.dataDir().resolve("extensions/.host/data/ai-assistant/audit.jsonl");
        if (!java.nio.file.Files.exists(audit)) {
            return java.util.List.of();
        }
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(audit)) {
            if (!line.isBlank()) {
                all.add(RpcClient.JSON.readTree(line));
            }
        }
        return all;
    }

    /** The record written after the first {@code before} (the log batches its appends): this request's, aborted. */
    static JsonNode awaitAborted(int before) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        java.util.List<JsonNode> all = records();
        while (all.size() <= before) {
            assertThat(System.nanoTime()).as("a record within " + BOUND).isLessThan(deadline);
            Thread.sleep(20);
            all = records();
        }
        JsonNode record = all.get(before);
        assertThat(record.get("outcome").asText()).as(record.toString()).isEqualTo("error:aborted");
        assertThat(record.get("action").asText()).isEqualTo("gateway");
        // Settled for what was used: the model wrote nothing, so nothing is charged, as for any call stopped before it wrote.
        assertThat(record.get("promptTokens").asInt()).isZero();
        assertThat(record.get("completionTokens").asInt()).isZero();
        return record;
    }

    @Test
    void aPlainRequestWhoseClientLeavesWhileTheModelWorksIsStopped() throws Exception {
        ai.upstream().openAi("small").thenHang();
        int before = records().size();

        sendAndLeave("""
                {"model": "stratus/small", "messages": [{"role": "user", "content": "take your time"}]}""", Duration.ofMillis(200));

        awaitUpstreamIdle();
        awaitAborted(before);
    }

    @Test
    void aStreamedRequestWhoseClientLeavesBeforeTheFirstTokenIsStopped() throws Exception {
        ai.upstream().openAi("small").thenHang();
        int before = records().size();

        sendAndLeave("""
                {"model": "stratus/small", "stream": true, "messages": [{"role": "user", "content": "take your time"}]}""",
                Duration.ofMillis(200));

        awaitUpstreamIdle();
        awaitAborted(before);
    }

    @Test
    void aRequestWhoseClientLeavesWhileItWaitsForADeploymentToRecoverIsStopped() throws Exception {
        // Rate-limited for longer than a retry in place waits: the request waits for the deployment to recover.
        ai.upstream().openAi("small").thenStatus(429, Map.of("Retry-After", "4"));
        int before = records().size();
        int calls = ai.upstream().chatRequests().size();

        sendAndLeave("""
                {"model": "stratus/small", "stream": true, "messages": [{"role": "user", "content": "hi"}]}""", Duration.ofMillis(500));

        awaitAborted(before);
        Thread.sleep(5000);
        assertThat(ai.upstream().chatRequests()).as("the model was not asked again once it recovered").hasSize(calls + 1);
    }
}
