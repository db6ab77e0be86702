package dev.stratus.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.chat.AiProtocol;
import dev.stratus.ai.chat.AiService;
import dev.stratus.ai.testing.LocalModelServer;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.CommandInvocation;
import dev.stratus.extension.api.Commands;
import dev.stratus.extension.api.ExtensionContext;
import dev.stratus.extension.api.Registration;
import dev.stratus.extension.api.RpcServices;
import dev.stratus.extension.api.RpcSession;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extension's start as the host drives it, with the host's side reduced to what it records. */
class AiAssistantExtensionTest {
    @TempDir
    Path dataDir;

    private final Map<String, Commands.CommandHandler> commands = new HashMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<String> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<Class<?>, RpcServices.RpcServiceFactory<?>> rpc = new HashMap<>();

    @AfterEach
    void deactivate() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    @Test
    void aRoutingMistakeIsShownWhereUsersLookAndTheAssistantStillStarts() throws Exception {
        new AiAssistantExtension().activate(context("{\"routing\": {\"tasks\": {\"explain\": \"huge\"}}}"));

        assertThat(status()).startsWith("AI configuration not used: ai.routing.tasks.explain must be a tier: small, medium or large")
                .doesNotContain("huge");
    }

    @Test
    void aDeploymentMistakeTakesTheSamePath() throws Exception {
        new AiAssistantExtension().activate(context("{\"deployments\": [{\"name\": \"a\", \"tier\": \"small\", "
                + "\"provider\": \"openai\", \"baseUrl\": \"http://127.0.0.1:1/v1\", \"model\": \"m\", \"contextTokens\": \"lots\"}]}"));

        assertThat(status()).startsWith("AI configuration not used: ai.deployments[0] (a): contextTokens");
    }

    @Test
    void aStratusYamlThatIsNotYamlTakesTheSamePath() throws Exception {
        new AiAssistantExtension().activate(context(null));

        assertThat(status()).startsWith("AI configuration not used: stratus.yaml cannot be read: mapping values are not allowed here");
    }

    @Test
    void theGatewayAnUnreadableConfigurationTurnedOffStaysOff() throws Exception {
        new AiAssistantExtension().activate(context("{\"gateway\": {\"enabled\": false}, \"deployments\": [{\"name\": \"a\"}]}"));

        assertThat(status()).startsWith("AI configuration not used: ai.deployments[0] (a) needs tier");
        assertThat(routes).as("no route at all: the gateway is the only one").isEmpty();
    }

    @Test
    void aStratusYamlThatIsNotYamlLeavesTheGatewayOff() throws Exception {
        new AiAssistantExtension().activate(context(null));

        assertThat(routes).as("no route at all: the gateway is the only one").isEmpty();
    }

    @Test
    void aValidConfigurationOpensTheGateway() throws Exception {
        new AiAssistantExtension().activate(context("{}"));

        assertThat(routes).contains("POST chat/completions", "GET models");
    }

    @Test
    void aDeploymentConfiguredInFullIsAskedWhetherItAnswersWithoutAChatCompletion() throws Exception {
        try (ScriptedUpstream live = ScriptedUpstream.start()) {
            new AiAssistantExtension().activate(context("{\"deployments\": ["
                    + "{\"name\": \"down\", \"tier\": \"small\", \"provider\": \"openai\", \"baseUrl\": \"http://127.0.0.1:1/v1\", "
                    + "\"model\": \"m\", \"contextTokens\": 8192, \"tools\": true}, "
                    + "{\"name\": \"up\", \"tier\": \"small\", \"provider\": \"openai\", \"baseUrl\": \"" + live.openAiBaseUrl() + "\", "
                    + "\"model\": \"m\", \"contextTokens\": 8192, \"tools\": true}]}"));

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!deploymentState("down").equals("unreachable") || live.requests().isEmpty()) {
                assertThat(System.nanoTime()).as("checked within 10 s").isLessThan(deadline);
                Thread.sleep(20);
            }
            AiProtocol.DeploymentStatus down = aiStatus().deployments().get(0);
            assertThat(down.problem()).isEqualTo("unreachable: GET /models: refusing connections (is the server running at 127.0.0.1:1?)");
            assertThat(deploymentState("up")).isEqualTo("ready");
            assertThat(live.requests()).as("no chat completion: it would spend tokens")
                    .singleElement().satisfies(r -> assertThat(r.method() + " " + r.path()).isEqualTo("GET /v1/models"));
        }
    }

    @Test
    void unconfiguredItListsTheModelServersFoundOnThisMachine() throws Exception {
        try (LocalModelServer ollama = LocalModelServer.start(Map.of(
                "/api/tags", LocalModelServer.Reply.json("{\"models\": [{\"name\": \"qwen2.5-coder:7b\"}]}"),
                "/v1/models", LocalModelServer.Reply.json("{\"object\": \"list\", \"data\": [{\"id\": \"qwen2.5-coder:7b\", "
                        + "\"owned_by\": \"library\"}]}")))) {
            new AiAssistantExtension(() -> List.of(ollama.root())).activate(context("{}"));

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (aiStatus().found().isEmpty()) {
                assertThat(System.nanoTime()).as("found within 10 s").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(aiStatus().configured()).isFalse();
            assertThat(aiStatus().found()).containsExactly(new AiProtocol.FoundServer("Ollama", ollama.root() + "/v1",
                    List.of("qwen2.5-coder:7b")));
            assertThat(aiStatus().help()).isNotBlank();
        }
    }

    @Test
    void configuredItLooksForNothing() throws Exception {
        try (LocalModelServer ollama = LocalModelServer.start(Map.of(
                "/api/tags", LocalModelServer.Reply.json("{\"models\": [{\"name\": \"qwen2.5-coder:7b\"}]}")))) {
            new AiAssistantExtension(() -> List.of(ollama.root())).activate(context("{\"deployments\": [{\"name\": \"a\", "
                    + "\"tier\": \"small\", \"provider\": \"openai\", \"baseUrl\": \"http://127.0.0.1:1/v1\", \"model\": \"m\", "
                    + "\"contextTokens\": 8192, \"tools\": true}]}"));

            Thread.sleep(1000);
            assertThat(ollama.requests()).isEmpty();
            assertThat(aiStatus().found()).as("absent once a model is configured").isNull();
        }
    }

    @Test
    void detectLocalServersFalseLooksForNothing() throws Exception {
        try (LocalModelServer ollama = LocalModelServer.start(Map.of(
                "/api/tags", LocalModelServer.Reply.json("{\"models\": [{\"name\": \"qwen2.5-coder:7b\"}]}")))) {
            new AiAssistantExtension(() -> List.of(ollama.root())).activate(context("{\"detectLocalServers\": false}"));

            Thread.sleep(1000);
            assertThat(ollama.requests()).isEmpty();
            assertThat(aiStatus().found()).isEmpty();
        }
    }

    private static String deployment(String name, String tier) {
        return "{\"name\": \"" + name + "\", \"tier\": \"" + tier + "\", \"provider\": \"openai\", "
                + "\"baseUrl\": \"http://127.0.0.1:1/v1\", \"model\": \"m\", \"contextTokens\": 8192, \"tools\": true}";
    }

    @Test
    void anEditOfTheDeploymentsTheRoutingOrLimitsIsTakenAsItRunsAndAnyOtherIsDeclined() throws Exception {
        String a = "\"deployments\": [" + deployment("a", "small") + "]";
        String ab = "\"deployments\": [" + deployment("a", "small") + ", " + deployment("b", "large") + "]";
        AiAssistantExtension ext = new AiAssistantExtension();
        ext.activate(context("{" + a + "}"));
        AiService connected = service(); // a connection made before the edits

        assertThat(ext.reconfigure(Optional.of("{" + ab + "}"))).isTrue();
        awaitStatus("2 deployments: a (small), b (large)"); // the new deployments probed in the background
        assertThat(connected.status().deployments()).extracting(AiProtocol.DeploymentStatus::name).containsExactly("a", "b");
        assertThat(ext.reconfigure(Optional.of("{" + ab + ", \"routing\": {\"tasks\": {\"explain\": \"large\"}}}"))).isTrue();

        // Limits, teams, redaction and how long answers wait for their page too.
        assertThat(ext.reconfigure(Optional.of("{" + ab + ", \"governance\": {\"rateLimit\": {\"requestsPerMinute\": 5}, "
                + "\"budgets\": {\"userTokens\": 1000, \"users\": {\"alice\": 5000}}, "
                + "\"redaction\": {\"extraPatterns\": [{\"kind\": \"acme\", \"regex\": \"acme_[a-z]{8}\"}]}}}"))).isTrue();
        assertThat(ext.reconfigure(Optional.of("{" + ab + ", \"governance\": {\"budgets\": {\"teams\": {\"core\": [\"alice\"]}, "
                + "\"teamTokens\": {\"core\": 9000}}}}"))).as("a team: each call records the scopes it counts under").isTrue();
        assertThat(ext.reconfigure(Optional.of("{" + ab + ", \"resumeSeconds\": 5}"))).isTrue();
        // The audit's settings, the budgets' flushing, and a switch that matters only with no deployment.
        assertThat(ext.reconfigure(Optional.of("{" + ab + ", \"governance\": {\"audit\": {\"auditPrompts\": true, \"fsync\": false}, "
                + "\"budgets\": {\"fsync\": false}}}"))).isTrue();
        assertThat(ext.reconfigure(Optional.of("{" + ab + ", \"detectLocalServers\": false}"))).isTrue();
        assertThat(ext.reconfigure(Optional.of("{" + ab + ", \"governance\": {\"budgets\": {\"period\": \"monthly\", "
                + "\"zone\": \"Europe/Berlin\"}}}"))).as("another period and zone: counted in their ledger from the next call").isTrue();

        // The gateway turned off takes its routes away, turned on mounts them again.
        assertThat(ext.reconfigure(Optional.of("{" + ab + ", \"gateway\": {\"enabled\": false}}"))).isTrue();
        awaitRoutes(false);
        assertThat(ext.reconfigure(Optional.of("{" + ab + "}"))).isTrue();
        awaitRoutes(true);
        assertThat(routes).as("mounted once").containsOnlyOnce("POST chat/completions");

        // Anything else is the host's to apply, by activating the assistant again.
        assertThat(ext.reconfigure(Optional.of("{\"deployments\": [{\"name\": \"a\"}]}"))).as("a mistake").isFalse();
        assertThat(ext.reconfigure(Optional.of("{}"))).as("no deployment left").isFalse();
        assertThat(ext.reconfigure(Optional.empty())).as("no section left").isFalse();
        assertThat(status()).isEqualTo("2 deployments: a (small), b (large)");

        // Edits in a burst: the last one is what runs.
        assertThat(ext.reconfigure(Optional.of("{\"deployments\": [" + deployment("c", "medium") + "]}"))).isTrue();
        assertThat(ext.reconfigure(Optional.of("{" + a + "}"))).isTrue();
        awaitStatus("1 deployment: a (small)");
        Thread.sleep(300);
        assertThat(status()).isEqualTo("1 deployment: a (small)");
    }

    private void awaitRoutes(boolean mounted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (routes.contains("POST chat/completions") != mounted) {
            assertThat(System.nanoTime()).as("the gateway's routes are " + routes).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private void awaitStatus(String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!status().equals(expected)) {
            assertThat(System.nanoTime()).as("the assistant says " + status() + ", not " + expected).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void anEditThatGivesAnUnconfiguredAssistantItsFirstDeploymentIsDeclined() throws Exception {
        AiAssistantExtension ext = new AiAssistantExtension(List::of);
        ext.activate(context("{}"));

        // Activated again instead: while nothing was configured it looked for model servers, and nothing is in flight.
        assertThat(ext.reconfigure(Optional.of("{\"deployments\": [" + deployment("a", "small") + "]}"))).isFalse();
    }

    private String deploymentState(String name) {
        return aiStatus().deployments().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow().state();
    }

    /** ai/status as a connection asks it. */
    private AiProtocol.Status aiStatus() {
        return service().status();
    }

    /** The ai/* service of a new connection. */
    private AiService service() {
        RpcSession session = (RpcSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RpcSession.class},
                (self, method, args) -> method.getName().equals("notifications")
                        ? Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {(Class<?>) args[0]}, (s, m, a) -> null)
                        : null);
        return (AiService) rpc.get(AiService.class).create(session);
    }

    private String status() throws Exception {
        return (String) commands.get("ai-assistant.status")
                .run(new CommandInvocation("ai-assistant.status", new Caller("alice", "Alice", Optional.empty()), List.of(),
                        Optional.empty()));
    }

    /**
     * A host that hands over {@code section} as the ai: configuration (null: the file is not YAML, as the
     * host reports it) and records what is registered.
     */
    private ExtensionContext context(String section) {
        Registration none = () -> { };
        return (ExtensionContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ExtensionContext.class},
                (self, method, args) -> switch (method.getName()) {
                    case "extensionId" -> "ai-assistant";
                    case "extensionVersion" -> "test";
                    case "dataDir" -> dataDir;
                    case "configuration" -> {
                        if (section == null) {
                            throw new IllegalStateException("stratus.yaml cannot be read: mapping values are not allowed here");
                        }
                        yield Optional.of(section);
                    }
                    case "logger" -> System.getLogger("ai-assistant-test");
                    case "commands" -> (Commands) (id, handler) -> {
                        commands.put(id, handler);
                        return none;
                    };
                    case "http" -> Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {method.getReturnType()},
                            (s, m, a) -> {
                                if (m.getName().equals("route")) {
                                    String route = a[0] + " " + a[1];
                                    routes.add(route);
                                    return (Registration) () -> routes.remove(route);
                                }
                                return m.getReturnType() == Registration.class ? none : null;
                            });
                    case "rpc" -> Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RpcServices.class}, (s, m, a) -> {
                        if (m.getName().equals("register")) {
                            rpc.put((Class<?>) a[0], (RpcServices.RpcServiceFactory<?>) a[1]);
                            return none;
                        }
                        throw new UnsupportedOperationException(m.getName());
                    });
                    case "aiTools" -> Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {method.getReturnType()}, (s, m, a) -> m.getReturnType() == Registration.class ? none : null);
                    case "metrics" -> none;
                    case "onDeactivate" -> {
                        resources.add((AutoCloseable) args[0]);
                        yield none;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
