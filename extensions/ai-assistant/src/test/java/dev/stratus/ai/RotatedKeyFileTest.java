package dev.stratus.ai;

import static dev.stratus.ai.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.config.AiConfig;
import dev.stratus.ai.config.KeyFile;
import dev.stratus.ai.continuity.Answer;
import dev.stratus.ai.continuity.Candidate;
import dev.stratus.ai.continuity.CandidateState;
import dev.stratus.ai.continuity.ChatUnavailableException;
import dev.stratus.ai.continuity.ContinuityConfig;
import dev.stratus.ai.continuity.ContinuityEvent;
import dev.stratus.ai.continuity.CooldownReason;
import dev.stratus.ai.continuity.Cooldowns;
import dev.stratus.ai.continuity.ResilientChat;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.Deployment;
import dev.stratus.ai.provider.DeploymentProbe;
import dev.stratus.ai.provider.ProviderClients;
import dev.stratus.ai.testing.RecordedRequest;
import dev.stratus.ai.testing.RecordingLogger;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A deployment's key comes from {@code apiKeyFile}, which a mounted Secret or a Vault agent
 * rewrites when the key is rotated; the provider then revokes the old key. The upstream here
 * accepts only the current key and refuses any other as the real API does (401, its own error
 * shape). A refused call reads the file again and goes on with the new key, unnoticed; calls
 * refused together read it once; a file that gives no new key leaves the refusal as it always
 * was, and ai/status says what is wrong with the file without showing a key.
 */
class RotatedKeyFileTest {
    static final String OLD = "sk-old-0123456789abcdefOLDKEY";
    static final String NEW = "sk-new-fedcba9876543210NEWKEY";
    static final ChatRequest HELLO = new ChatRequest(List.of(ChatMessage.user("Hi")), null, null, null);

    @TempDir
    Path dir;
    final ScriptedUpstream upstream = ScriptedUpstream.start();
    final HttpClient http = ProviderClients.newHttpClient();
    final ProviderClients clients = new ProviderClients(http);
    final AtomicInteger reads = new AtomicInteger();
    final List<String> logged = new CopyOnWriteArrayList<>();
    final Cooldowns cooldowns = new Cooldowns();
    KnownDeployments known;
    RotatedKeys keys;
    ResilientChat chat;
    AssistantState state;

    @AfterEach
    void close() {
        upstream.close();
        http.close();
    }

    /** The assistant, its one deployment configured with its key in a file holding {@link #OLD}. */
    void start(String provider) throws Exception {
        Files.writeString(keyFile(), OLD + "\n");
        Map<String, Object> d = new LinkedHashMap<>(Map.of("name", "rotating", "tier", "small", "provider", provider,
                "baseUrl", (provider.equals("openai") ? upstream.openAiBaseUrl() : upstream.anthropicBaseUrl()).toString(),
                "model", "scripted-model", "apiKeyFile", keyFile().toString(), "contextTokens", 8192, "tools", false,
                "timeoutSeconds", 5));
        AiConfig config = AiConfig.parse(new ObjectMapper().writeValueAsString(Map.of("deployments", List.of(d))), n -> null);
        known = new KnownDeployments(config.deployments());
        keys = new RotatedKeys(known, cooldowns, file -> {
            reads.incrementAndGet();
            return KeyFile.read(file);
        }, new RecordingLogger(logged));
        chat = ResilientChat.create(ContinuityConfig.defaults(), cooldowns, clients::forDeployment, keys);
        state = new AssistantState(config, known, null, cooldowns);
        upstream.acceptOnlyKey(OLD);
    }

    Path keyFile() {
        return dir.resolve("k");
    }

    /** The administrator's rotation: the file holds {@code key}, and the provider takes only it. */
    void rotate(String key) throws Exception {
        Files.writeString(keyFile(), key + "\n");
        upstream.acceptOnlyKey(key);
    }

    /** A chat to the deployment as the router knows it now; the events it streamed go to {@code events}. */
    Answer call(List<ContinuityEvent> events) throws InterruptedException {
        return call(known.list().getFirst(), events);
    }

    Answer call(Deployment d, List<ContinuityEvent> events) throws InterruptedException {
        return chat.call(List.of(Candidate.primary(d)), HELLO, events::add);
    }

    List<String> keysSent() {
        return upstream.chatRequests().stream().map(r -> r.header("x-api-key") != null ? r.header("x-api-key")
                : r.header("authorization").substring("Bearer ".length())).toList();
    }

    AiProtocolStatus status() {
        var s = state.status().deployments().getFirst();
        return new AiProtocolStatus(s.state(), s.problem());
    }

    record AiProtocolStatus(String state, String problem) {
    }

    @ParameterizedTest
    @CsvSource({"openai", "anthropic"})
    void aRotatedKeyIsReadOnTheRefusalAndTheCallGoesOnWithItUnnoticed(String provider) throws Exception {
        start(provider);
        if (provider.equals("openai")) {
            upstream.openAi().thenStream("Hel", "lo").thenStream("again");
        } else {
            upstream.anthropic().thenStream("Hel", "lo").thenStream("again");
        }
        rotate(NEW);
        List<ContinuityEvent> events = new ArrayList<>();

        Answer answer = call(events);

        assertThat(answer.result().text()).isEqualTo("Hello");
        assertThat(events).as("no notice, no restart: the developer never notices")
                .allMatch(e -> e instanceof ContinuityEvent.Output);
        assertThat(answer.trace().attempts()).as("the refusal is no failure").hasSize(1);
        assertThat(keysSent()).as("exactly one request more, at once, with the new key").containsExactly(OLD, NEW);
        assertThat(reads).hasValue(1);
        assertThat(cooldowns.current("rotating")).isEmpty();
        assertThat(status()).isEqualTo(new AiProtocolStatus("ready", null));

        assertThat(call(new ArrayList<>()).result().text()).isEqualTo("again");
        assertThat(keysSent()).as("the new key from then on").containsExactly(OLD, NEW, NEW);
        assertThat(reads).as("no reading of the file on a call's way").hasValue(1);
        assertThat(logged).isNotEmpty().noneMatch(l -> l.contains(OLD) || l.contains(NEW));
    }

    @Test
    void manyCallsRefusedAtOnceReadTheFileOnceAndAllGoOnWithTheNewKey() throws Exception {
        start("openai");
        int calls = 24;
        for (int i = 0; i < calls; i++) {
            upstream.openAi().thenStream("ok");
        }
        rotate(NEW);
        Deployment sentWithOld = known.list().getFirst();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls; i++) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return call(sentWithOld, new ArrayList<>());
                }));
            }
            go.countDown();
            for (Future<Answer> a : answers) {
                assertThat(a.get().result().text()).isEqualTo("ok");
            }
        }

        assertThat(reads).hasValue(1);
        assertThat(keysSent()).hasSize(2 * calls);
        assertThat(keysSent().stream().filter(OLD::equals)).hasSize(calls);
        assertThat(keysSent().stream().filter(NEW::equals)).hasSize(calls);
        assertThat(known.list().getFirst().apiKey()).isEqualTo(NEW);
        assertThat(cooldowns.current("rotating")).isEmpty();
    }

    @Test
    void aFileStillHoldingTheRefusedKeyLeavesTheRefusalAsItWasAndSaysSo() throws Exception {
        start("openai");
        upstream.openAi().thenStream("never");
        upstream.acceptOnlyKey(NEW); // revoked, and the file not rewritten yet

        assertThatThrownBy(() -> call(new ArrayList<>())).isInstanceOfSatisfying(ChatUnavailableException.class, e -> {
            assertThat(e.candidates()).extracting(CandidateState::state).containsExactly(CandidateState.State.AUTH_FAILED);
            assertThat(e.getMessage()).doesNotContain(OLD).doesNotContain(NEW);
        });

        assertThat(keysSent()).as("not sent again").containsExactly(OLD);
        assertThat(reads).hasValue(1);
        assertThat(cooldowns.current("rotating")).get().extracting(c -> c.reason()).isEqualTo(CooldownReason.AUTH);
        AiProtocolStatus status = status();
        assertThat(status.state()).isEqualTo("cooling-down");
        assertThat(status.problem()).startsWith("the provider refused its key, and the file named in apiKeyFile still holds that key; "
                + "cooling down: ");
        assertThat(upstream.unusedSteps()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                          | the key in the file named in apiKeyFile is empty or holds spaces or control characters",
        "sk-new-fedcba NEWKEY-second | the key in the file named in apiKeyFile is empty or holds spaces or control characters",
        "MISSING                     | the file named in apiKeyFile cannot be read (no such file)",
    })
    void aFileGivingNoKeyIsSaidInTheProblemWithoutAnyKey(String content, String problem) throws Exception {
        start("openai");
        upstream.acceptOnlyKey(NEW);
        if (content.equals("MISSING")) {
            Files.delete(keyFile());
        } else {
            Files.writeString(keyFile(), content + "\n");
        }

        assertThatThrownBy(() -> call(new ArrayList<>())).isInstanceOf(ChatUnavailableException.class);

        assertThat(keysSent()).containsExactly(OLD);
        String shown = new ObjectMapper().writeValueAsString(state.status());
        assertThat(status().problem()).startsWith("the provider refused its key, and " + problem + "; cooling down: ");
        assertThat(shown).doesNotContain(OLD).doesNotContain("NEWKEY").doesNotContain("fedcba");
        assertThat(logged).isNotEmpty().noneMatch(l -> l.contains(OLD) || l.contains("NEWKEY") || l.contains("fedcba"));
        assertThat(known.list().getFirst().apiKey()).as("the last good key is kept").isEqualTo(OLD);
    }

    @Test
    void aDeploymentWhoseKeyWasRefusedRecoversOnceTheAdministratorFixesTheFile() throws Exception {
        start("openai");
        upstream.models("{\"data\":[{\"id\":\"scripted-model\"}]}");
        upstream.openAi().thenStream("back");
        upstream.acceptOnlyKey(NEW);
        Files.writeString(keyFile(), "");
        DeploymentProbe probe = new DeploymentProbe(http, Duration.ofSeconds(2));
        try (Reprobes reprobes = new Reprobes(probe, known, keys, Duration.ofMillis(50), Duration.ofMillis(200), new RecordingLogger(logged))) {
            keys.onRefused(reprobes::keyRefused);
            assertThatThrownBy(() -> call(new ArrayList<>())).isInstanceOf(ChatUnavailableException.class);
            assertThat(status().problem()).contains("is empty or holds spaces");
            Thread.sleep(300); // the file is read again meanwhile, and still gives nothing
            assertThat(reads.get()).isGreaterThan(1);
            assertThat(status().state()).isEqualTo("cooling-down");
            assertThat(upstream.requests()).as("no probe with a key known to be refused").hasSize(1);

            Files.writeString(keyFile(), NEW + "\n");
            await(() -> status().equals(new AiProtocolStatus("ready", null)));
            await(() -> upstream.requests().size() == 2);
        }
        RecordedRequest probed = upstream.requests().getLast();
        assertThat(probed.path()).isEqualTo("/v1/models");
        assertThat(probed.header("authorization")).isEqualTo("Bearer " + NEW);

        assertThat(call(new ArrayList<>()).result().text()).isEqualTo("back");
        assertThat(keysSent()).containsExactly(OLD, NEW);
    }

    @Test
    void aKeyFromTheEnvironmentIsNeverReadAgain() throws Exception {
        start("openai");
        Deployment fromEnv = new Deployment("rotating", known.list().getFirst().tier(), known.list().getFirst().provider(),
                URI.create(upstream.openAiBaseUrl().toString()), "scripted-model", OLD, 8192, null, false, Duration.ofSeconds(5));
        upstream.openAi().thenStream("never");
        rotate(NEW);

        assertThatThrownBy(() -> call(fromEnv, new ArrayList<>())).isInstanceOf(ChatUnavailableException.class);

        assertThat(reads).hasValue(0);
        assertThat(keysSent()).containsExactly(OLD);
    }
}
