package dev.stratus.ai.continuity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stratus.ai.continuity.Attempt.Outcome;
import dev.stratus.ai.continuity.ContinuityEvent.Notice;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.model.ProviderKind;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.provider.ProviderClients;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A deployment whose server is not running (nothing listens on its port) is said to refuse
 * connections, with where it should be running, never to time out: someone debugging a local
 * model looks for a stopped server, not a slow one. It is cooled down and fallen back from as a
 * timeout is. Real provider clients against a loopback port nothing listens on.
 */
class RefusedConnectionTest {
    static final String KEY = "sk-refused-0123456789abcdef";
    static final ChatRequest REQUEST = new ChatRequest(List.of(ChatMessage.user("why does this NPE?")), null, null, null);

    final int port = closedPort();
    /** Its query and key must appear in nothing said about it. */
    final Deployment dead = new Deployment("dead", Tier.SMALL, ProviderKind.OPENAI,
            URI.create("http://127.0.0.1:" + port + "/v1?api-version=2024-06-01"), "m", KEY, null, null, null, Duration.ofSeconds(5));
    final String where = "refusing connections (is the server running at 127.0.0.1:" + port + "?)";
    final FakeTime time = new FakeTime();
    final Cooldowns cooldowns = new Cooldowns(CooldownPolicy.defaults(), time, new FixedRandom(0));
    final HttpClient http = ProviderClients.newHttpClient();
    final ProviderClients clients = new ProviderClients(http);
    final List<ContinuityEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        clients.close();
        http.close();
    }

    /** A loopback port that was free a moment ago, so that nothing listens on it. */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    ResilientChat chat() {
        ContinuityConfig config = ContinuityConfig.defaults();
        return new ResilientChat(config, cooldowns, new Backoff(config.backoffBase(), config.backoffCap(), new FixedRandom(0.5), time),
                time, time, clients::forDeployment);
    }

    List<String> notices() {
        List<String> out = new ArrayList<>();
        for (ContinuityEvent e : events) {
            if (e instanceof Notice n) {
                out.add(n.kind() + ": " + n.message());
            }
        }
        return out;
    }

    @Test
    void aServerThatIsNotRunningIsSaidToRefuseConnectionsInEveryWordTheUserSees() throws Exception {
        ChatUnavailableException e = catchThrowableOfType(ChatUnavailableException.class,
                () -> chat().call(List.of(Candidate.primary(dead)), REQUEST, events::add));

        List<Attempt> attempts = e.trace().attempts();
        assertThat(attempts).extracting(Attempt::outcome).containsOnly(Outcome.UNREACHABLE);
        assertThat(attempts.getFirst().note()).isEqualTo("deployment dead: " + where);
        assertThat(notices().getFirst()).isEqualTo("WAITING: No deployment can answer right now (dead: " + where
                + "); waiting 1 s for dead.");
        assertThat(e.getMessage()).contains("dead (small): " + where + ", 5 times in a row, available again in 16 s");
        List<String> said = new ArrayList<>(notices());
        said.add(e.getMessage());
        attempts.forEach(a -> said.add(a.note()));
        assertThat(said).allSatisfy(s -> assertThat(s).doesNotContain("timing out", "timed out", "api-version", KEY));
    }

    @Test
    void aServerThatIsNotRunningIsCooledDownAsATimeoutIsAndNeverRetriedInPlace() throws Exception {
        catchThrowableOfType(ChatUnavailableException.class,
                () -> chat().call(List.of(Candidate.primary(dead)), REQUEST, events::add));

        // Each pass calls it once, then waits out the timeout's doubling cooldown: 1, 2, 4, 8 s, then 16 s is past the 30 s wait.
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8));
        assertThat(cooldowns.current("dead")).hasValueSatisfying(cd -> {
            assertThat(cd.reason()).isEqualTo(CooldownReason.UNREACHABLE);
            assertThat(cd.consecutiveFailures()).isEqualTo(5);
        });
    }

    @Test
    void theNoticeOfAFallbackToAnotherTierSaysWhereTheServerShouldBeRunning() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start()) {
            upstream.openAi().thenStream("answered ", "anyway");
            Deployment live = new Deployment("live", Tier.MEDIUM, ProviderKind.OPENAI, upstream.openAiBaseUrl(), "m", null,
                    null, null, null, Duration.ofSeconds(5));

            Answer answer = chat().call(List.of(Candidate.primary(dead), Candidate.neighbour(live)), REQUEST, events::add);

            assertThat(answer.answeredBy().name()).isEqualTo("live");
            assertThat(notices()).containsExactly("TIER_FALLBACK: The small tier is unavailable (dead: " + where
                    + "); answering with the medium deployment live.");
        }
    }
}
