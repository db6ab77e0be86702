package dev.stratus.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.CommandInvocation;
import dev.stratus.extension.api.Commands;
import dev.stratus.extension.api.ExtensionContext;
import dev.stratus.extension.api.Registration;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
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
    private final List<String> routes = new ArrayList<>();

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
                                    routes.add(a[0] + " " + a[1]);
                                }
                                return m.getReturnType() == Registration.class ? none : null;
                            });
                    case "rpc", "aiTools" -> Proxy.newProxyInstance(getClass().getClassLoader(),
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
