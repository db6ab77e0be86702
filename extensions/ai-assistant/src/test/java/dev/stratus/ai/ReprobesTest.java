package dev.stratus.ai;

import static dev.stratus.ai.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.stratus.ai.config.AiConfig;
import dev.stratus.ai.config.KeyFile;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.provider.DeploymentProbe;
import dev.stratus.ai.provider.ProviderClients;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A deployment down when the assistant started is probed again in the background until it
 * answers; then ai/status says it is ready, and what the probe learnt (its context, its tool
 * support) is what routing uses. A call that reaches it says as much at once.
 */
class ReprobesTest {
    private final HttpClient http = ProviderClients.newHttpClient();
    private final DeploymentProbe probe = new DeploymentProbe(http, Duration.ofSeconds(2));
    private final int port = freePort();
    private final Deployment configured = new Deployment("late", Tier.SMALL, ProviderKind.OPENAI,
            URI.create("http://127.0.0.1:" + port + "/v1"), "m", null, null, null, null, Duration.ofSeconds(2));
    private final KnownDeployments known = new KnownDeployments(List.of(configured));
    private final List<List<Deployment>> changes = new CopyOnWriteArrayList<>();
    private final AssistantState state = new AssistantState(AiConfig.empty(), known, null, new Cooldowns());
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        http.close();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The deployment comes up: vLLM's listing with its context, and a chat endpoint that takes tools. */
    private void comeUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v1/models", ex -> answer(ex, "{\"data\":[{\"id\":\"m\",\"max_model_len\":4096}]}"));
        server.createContext("/v1/chat/completions", ex -> answer(ex,
                "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"OK\"},\"finish_reason\":\"stop\"}]}"));
        server.start();
    }

    private void answer(com.sun.net.httpserver.HttpExchange ex, String json) throws java.io.IOException {
        asked.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
        ex.getRequestBody().readAllBytes();
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    /** Keys read again from their files (these deployments have none). */
    private static RotatedKeys keys(KnownDeployments known) {
        return new RotatedKeys(known, new Cooldowns(), KeyFile::read, System.getLogger("test"));
    }


    @Test
    void aDeploymentDownAtStartIsProbedAgainUntilItAnswersAndWhatItServesIsUsed() throws Exception {
        known.probed(probe.probe(configured));
        known.onChange(changes::add);
        assertThat(state.status().deployments().get(0).state()).isEqualTo("unreachable");
        try (Reprobes reprobes = new Reprobes(probe, known, keys(known), Duration.ofMillis(50), Duration.ofMillis(200), System.getLogger("test"))) {
            reprobes.unreachable("late");
            Thread.sleep(300); // a few probes fail meanwhile
            assertThat(state.status().deployments().get(0).state()).isEqualTo("unreachable");

            comeUp();
            await(() -> !known.unreachable("late"));
        }
        var status = state.status().deployments().get(0);
        assertThat(status.state()).isEqualTo("ready");
        assertThat(status.contextTokens()).isEqualTo(4096);
        assertThat(status.tools()).isTrue();
        assertThat(status.problem()).isNull();
        assertThat(changes).last().satisfies(d -> assertThat(d.get(0).contextTokens()).isEqualTo(4096));
    }

    @Test
    void aDeploymentNotRunningIsSaidToRefuseConnectionsWhereItShouldRunAsACallSaysIt() {
        known.probed(probe.probe(configured));

        var status = state.status().deployments().get(0);
        assertThat(status.state()).isEqualTo("unreachable");
        assertThat(status.problem()).isEqualTo(
                "unreachable: GET /models: refusing connections (is the server running at 127.0.0.1:" + port + "?)");
    }

    @Test
    void aDeploymentConfiguredInFullIsAskedAtOnceWhetherItAnswersAndIsReadyOnceItDoes() throws Exception {
        Deployment full = new Deployment("late", Tier.SMALL, ProviderKind.OPENAI, configured.baseUrl(), "m", null, 8192, null, true,
                Duration.ofSeconds(2));
        KnownDeployments fullKnown = new KnownDeployments(List.of(full));
        AssistantState fullState = new AssistantState(AiConfig.empty(), fullKnown, null, new Cooldowns());
        try (Reprobes reprobes = new Reprobes(probe, fullKnown, keys(fullKnown), Duration.ofMillis(50), Duration.ofMillis(200), System.getLogger("test"))) {
            reprobes.check("late");
            await(() -> fullKnown.unreachable("late"));
            var down = fullState.status().deployments().get(0);
            assertThat(down.state()).isEqualTo("unreachable");
            assertThat(down.problem()).isEqualTo(
                    "unreachable: GET /models: refusing connections (is the server running at 127.0.0.1:" + port + "?)");

            comeUp();
            await(() -> !fullKnown.unreachable("late"));
        }
        var status = fullState.status().deployments().get(0);
        assertThat(status.state()).isEqualTo("ready");
        assertThat(status.problem()).isNull();
        assertThat(status.contextTokens()).as("configured, not the 4096 listed").isEqualTo(8192);
        assertThat(asked).as("no chat completion: it would spend tokens").isNotEmpty().containsOnly("GET /v1/models");
    }

    @Test
    void aCallThatReachesItMarksItReadyAtOnceAndAProbeLearnsWhatItServes() throws Exception {
        known.probed(probe.probe(configured));
        known.onChange(changes::add);
        // Backing off far longer than the test: only the call's probe can learn anything.
        try (Reprobes reprobes = new Reprobes(probe, known, keys(known), Duration.ofMinutes(5), Duration.ofMinutes(5), System.getLogger("test"))) {
            reprobes.unreachable("late");
            comeUp();

            assertThat(known.answered("late")).isTrue();
            assertThat(state.status().deployments().get(0).state()).isEqualTo("ready");
            reprobes.reached("late");
            await(() -> !changes.isEmpty());
        }
        assertThat(known.list().get(0).contextTokens()).isEqualTo(4096);
        assertThat(known.list().get(0).tools()).isTrue();
        assertThat(known.answered("late")).as("reachable already").isFalse();
    }
}
