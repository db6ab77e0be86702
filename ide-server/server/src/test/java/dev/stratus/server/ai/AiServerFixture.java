package dev.stratus.server.ai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.server.app.StratusServer;
import dev.stratus.server.support.RpcClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A scripted upstream and an {@link AiTestServer} whose stratus.yaml lists deployments on it, in a
 * folder of their own: all three made before the tests and gone after them. Registered with
 * {@code @RegisterExtension} on a static field, one serves the whole class; on an instance field,
 * each test gets its own (JUnit calls an instance field's extension only around each test).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final AiServerFixture ai = AiServerFixture.with(deployment("small", "small", "small", 16000))
 *         .rateLimit(1000).userTokens(1_000_000).file("Main.java", "class Main {}\n");
 * }</pre>
 */
final class AiServerFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    /**
     * A deployment on the scripted upstream: its OpenAI wire format, or Anthropic's ({@link #anthropic});
     * {@code completions} is its {@code completions} setting, null when not set.
     */
    record Deployment(String name, String tier, String model, int contextTokens, boolean tools, String provider, Boolean completions) {
        /** The same deployment, offered the assistant's tools. */
        Deployment withTools() {
            return new Deployment(name, tier, model, contextTokens, true, provider, completions);
        }

        /** The same deployment, configured with {@code completions: false}. */
        Deployment withoutCompletions() {
            return new Deployment(name, tier, model, contextTokens, tools, provider, false);
        }

        String yaml(URI baseUrl) {
            String base = provider.equals("anthropic") ? baseUrl.resolve("/").toString().replaceFirst("/$", "") : baseUrl.toString();
            return "    - {name: %s, tier: %s, provider: %s, baseUrl: \"%s\", model: %s, contextTokens: %d, tools: %b%s}\n"
                    .formatted(name, tier, provider, base, model, contextTokens, tools,
                            completions == null ? "" : ", completions: " + completions);
        }
    }

    private final List<Deployment> deployments;
    private final Map<String, String> files = new LinkedHashMap<>();
    private Integer requestsPerMinute;
    private Integer completionsPerMinute;
    private Long userTokens;
    private Integer resumeSeconds;
    private boolean auditPrompts;
    private boolean monthly;
    private boolean classWide;
    private Path base;
    private ScriptedUpstream upstream;
    private AiTestServer ai;

    private AiServerFixture(List<Deployment> deployments) {
        this.deployments = deployments;
    }

    /** A fixture whose stratus.yaml lists these deployments, in this order. */
    static AiServerFixture with(Deployment... deployments) {
        return new AiServerFixture(List.of(deployments));
    }

    /** A deployment without tools. */
    static Deployment deployment(String name, String tier, String model, int contextTokens) {
        return new Deployment(name, tier, model, contextTokens, false, "openai", null);
    }

    /** A deployment on the scripted upstream's Anthropic Messages wire format, without tools. */
    static Deployment anthropic(String name, String tier, String model, int contextTokens) {
        return new Deployment(name, tier, model, contextTokens, false, "anthropic", null);
    }

    /** Sets {@code governance.rateLimit.requestsPerMinute}. */
    AiServerFixture rateLimit(int requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
        return this;
    }

    /** Sets {@code governance.rateLimit.requestsPerMinute} and {@code completionsPerMinute}. */
    AiServerFixture rateLimit(int requestsPerMinute, int completionsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
        this.completionsPerMinute = completionsPerMinute;
        return this;
    }

    /** Sets {@code governance.budgets.userTokens}. */
    AiServerFixture userTokens(long userTokens) {
        this.userTokens = userTokens;
        return this;
    }

    /** Sets {@code ai.resumeSeconds}: how long a chat answer whose page went away waits to be taken up. */
    AiServerFixture resumeSeconds(int seconds) {
        this.resumeSeconds = seconds;
        return this;
    }

    /** Sets {@code governance.audit.auditPrompts: true}: audit records carry the (redacted) prompt. */
    AiServerFixture auditPrompts() {
        this.auditPrompts = true;
        return this;
    }

    /** Sets {@code governance.budgets.period: monthly} (with {@link #userTokens}). */
    AiServerFixture monthlyBudgets() {
        this.monthly = true;
        return this;
    }

    /** Puts a file in the workspace before the server starts. */
    AiServerFixture file(String path, String content) {
        files.put(path, content);
        return this;
    }

    /** The stratus.yaml for an upstream at {@code baseUrl}. */
    String yaml(URI baseUrl) {
        StringBuilder yaml = new StringBuilder("ai:\n  deployments:\n");
        deployments.forEach(d -> yaml.append(d.yaml(baseUrl)));
        if (requestsPerMinute != null || userTokens != null || auditPrompts) {
            yaml.append("  governance:\n");
        }
        if (requestsPerMinute != null) {
            yaml.append("    rateLimit: {requestsPerMinute: ").append(requestsPerMinute)
                    .append(completionsPerMinute == null ? "" : ", completionsPerMinute: " + completionsPerMinute).append("}\n");
        }
        if (userTokens != null) {
            yaml.append("    budgets: {userTokens: ").append(userTokens).append(monthly ? ", period: monthly" : "").append("}\n");
        }
        if (auditPrompts) {
            yaml.append("    audit: {auditPrompts: true}\n");
        }
        if (resumeSeconds != null) {
            yaml.append("  resumeSeconds: ").append(resumeSeconds).append("\n");
        }
        return yaml.toString();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        classWide = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!classWide) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!classWide) {
            stop();
        }
    }

    private void start() throws Exception {
        base = Files.createTempDirectory("stratus-ai-");
        upstream = ScriptedUpstream.start();
        ai = AiTestServer.start(base, yaml(upstream.openAiBaseUrl()), files);
    }

    private void stop() throws IOException {
        try (ScriptedUpstream u = upstream; AiTestServer a = ai) {
            // Nothing to do but close them, in reverse: the server before the upstream it calls.
        } finally {
            ai = null;
            upstream = null;
            if (base != null) {
                delete(base);
                base = null;
            }
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The upstream the deployments are on. */
    ScriptedUpstream upstream() {
        return upstream;
    }

    /** The folder the server's workspace, data and stratus.yaml are in, free for a test's own files too. */
    Path base() {
        return base;
    }

    /** The server, as {@link AiTestServer#server()}. */
    StratusServer server() {
        return ai.server();
    }

    /** The RPC client on its workspace, as {@link AiTestServer#rpc()}. */
    RpcClient rpc() {
        return ai.rpc();
    }

    /** As {@link AiTestServer#workspace()}. */
    Path workspace() {
        return ai.workspace();
    }

    /** As {@link AiTestServer#dataDir()}. */
    Path dataDir() {
        return ai.dataDir();
    }

    /** As {@link AiTestServer#builtIn()}. */
    Path builtIn() {
        return ai.builtIn();
    }

    /** As {@link AiTestServer#connect()}. */
    RpcClient connect() throws Exception {
        return ai.connect();
    }

    /** As {@link AiTestServer#connectAs(String)}. */
    RpcClient connectAs(String name) throws Exception {
        return ai.connectAs(name);
    }

    /** As {@link AiTestServer#chat(Map)}. */
    List<JsonNode> chat(Map<String, Object> params) throws Exception {
        return ai.chat(params);
    }

    /** As {@link AiTestServer#events(String)}. */
    List<JsonNode> events(String requestId) throws Exception {
        return ai.events(requestId);
    }
}
