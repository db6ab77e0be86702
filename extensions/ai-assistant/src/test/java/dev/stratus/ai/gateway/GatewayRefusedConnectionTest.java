package dev.stratus.ai.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.extension.api.HttpResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway and ai/status while the only model's server is not running (nothing listens on its
 * loopback port): they say it refuses connections and where it should be running, not that it
 * times out, and never its key or its base URL's query.
 */
class GatewayRefusedConnectionTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "sk-refused-0123456789abcdef";

    @TempDir
    Path data;
    int port;
    ScriptedEngine ai;
    OpenAiGateway gateway;

    @BeforeEach
    void start() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Deployment dead = new Deployment("dead", Tier.SMALL, ProviderKind.OPENAI,
                URI.create("http://127.0.0.1:" + port + "/v1?api-version=2024-06-01"), "m", KEY, 32_000, 1_000, false,
                Duration.ofSeconds(5));
        ai = new ScriptedEngine(data, List.of(dead));
        gateway = new OpenAiGateway(ai.engine, ai.state);
    }

    @AfterEach
    void close() throws Exception {
        ai.close();
    }

    String where() {
        return "refusing connections (is the server running at 127.0.0.1:" + port + "?)";
    }

    JsonNode post() throws Exception {
        HttpResponse r = GatewayCalls.answered(gateway.completions(new OpenAiGatewayTest.Post("""
                {"model": "stratus/small", "messages": [{"role": "user", "content": "hi"}]}""".getBytes(StandardCharsets.UTF_8))));
        assertThat(r.status()).isEqualTo(503);
        return JSON.readTree(r.body()).get("error");
    }

    @Test
    void aModelWhoseServerIsNotRunningIsSaidToRefuseConnectionsByTheGatewayAndTheStatus() throws Exception {
        String found = post().get("message").asText();
        assertThat(found).contains("dead (small): " + where() + ", 5 times in a row, available again in 16 s");

        // Back within the wait a request allows: tried once more, then cooling down past it.
        assertThat(post().get("message").asText()).contains("dead (small): " + where() + ", 6 times in a row, available again in 32 s");
        // Refused at admission now, in the router's words for its cooldown.
        String admitted = post().get("message").asText();
        assertThat(admitted).startsWith("No model can answer within the 30 s")
                .contains("dead (small): " + where() + ", 6 times in a row, available again in 32 s");

        var status = ai.state.status().deployments().getFirst();
        assertThat(status.state()).isEqualTo("cooling-down");
        assertThat(status.problem()).isEqualTo("cooling down: " + where());
        assertThat(List.of(found, admitted, status.problem()))
                .allSatisfy(s -> assertThat(s).doesNotContain("timing out", "timed out", "api-version", KEY));
        assertThat(ai.auditRecords()).anySatisfy(r -> assertThat(r.path("fallbacks").toString()).contains("\"dead: refusing connections\""));
    }
}
