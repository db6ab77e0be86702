package dev.stratus.server.ai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.app.ServeOptions;
import dev.stratus.server.app.StratusServer;
import dev.stratus.server.extension.ExtensionConfig;
import dev.stratus.server.lsp.LspConfig;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.terminal.TerminalConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real server with the AI assistant as the product ships it (the reactor's jar, built in),
 * configured by a stratus.yaml, and an RPC client on its workspace once the assistant is ready.
 */
record AiTestServer(StratusServer server, RpcClient rpc, Path workspace, Path dataDir, Path builtIn, List<JsonNode> unclaimed)
        implements AutoCloseable {
    static final String TOKEN = "ai-test-token-0123456789abcdef0123456789";
    static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TOKEN);

    /** Starts it under {@code base} with {@code yaml} as stratus.yaml; the workspace holds {@code files}. */
    static AiTestServer start(Path base, String yaml, Map<String, String> files) throws Exception {
        return start(base, yaml, files, "ai/status", status -> status.path("configured").asBoolean());
    }

    /**
     * Starts it as {@link #start(Path, String, Map)} does, ready once {@code ready} holds for what
     * {@code statusMethod} ({@code ai/status}, or {@code ext/ai-assistant/status} when the aliases are off) answers.
     */
    static AiTestServer start(Path base, String yaml, Map<String, String> files, String statusMethod,
                              java.util.function.Predicate<JsonNode> ready) throws Exception {
        return start(base, yaml, files, statusMethod, ready, Duration.ofSeconds(30));
    }

    /** As {@link #start(Path, String, Map)}, with the bound on each call into an extension (30 s in the others). */
    static AiTestServer start(Path base, String yaml, Map<String, String> files, Duration callTimeout) throws Exception {
        return start(base, yaml, files, "ai/status", status -> status.path("configured").asBoolean(), callTimeout);
    }

    private static AiTestServer start(Path base, String yaml, Map<String, String> files, String statusMethod,
                                      java.util.function.Predicate<JsonNode> ready, Duration callTimeout) throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        // The extension's jar carries its libraries in lib/; a classes folder (a build that stopped before packaging) does not.
        Files.copy(Path.of(dev.stratus.ai.AiAssistantExtension.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                builtIn.resolve("ai-assistant.jar"));
        Path config = Files.writeString(base.resolve("stratus.yaml"), yaml);
        Path workspace = Files.createDirectories(base.resolve("ws"));
        for (var f : files.entrySet()) {
            Files.writeString(workspace.resolve(f.getKey()), f.getValue());
        }
        Path data = Files.createDirectories(base.resolve("data"));
        Path web = Files.createDirectories(base.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html>");
        StratusServer server = StratusServer.start(new ServeOptions(workspace, "127.0.0.1", 0, data, web, List.of(), List.of(), false),
                TOKEN, TerminalConfig.defaults(), LspConfig.defaults(),
                new ExtensionConfig(builtIn, ExtensionConfig.installDirOf(data), callTimeout, config));
        RpcClient rpc = connect(server);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!ready.test(status(rpc, statusMethod))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the assistant did not start: " + rpc.result("extensions/list", Map.of()));
            }
            Thread.sleep(100);
        }
        return new AiTestServer(server, rpc, workspace, data, builtIn, new ArrayList<>());
    }

    /**
     * What {@code statusMethod} answers; a missing node while the method is not there yet (the
     * assistant registers it when it activates, which a busy machine may not have reached).
     */
    private static JsonNode status(RpcClient rpc, String statusMethod) throws Exception {
        JsonNode r = rpc.call(statusMethod, Map.of());
        if (r.path("error").path("code").asInt() == -32601) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        if (r.has("error")) {
            throw new AssertionError(statusMethod + " failed: " + r.get("error"));
        }
        return r.get("result");
    }

    /** Another connection to the workspace, as another tab opens one, or the same page after a reload. */
    RpcClient connect() throws Exception {
        return connect(server);
    }

    /** A connection to the workspace as {@code name}, a new user who is not an administrator, signed in with an API token. */
    RpcClient connectAs(String name) throws Exception {
        StratusServer.State state = server.awaitState();
        String id = java.util.UUID.randomUUID().toString();
        new dev.stratus.server.storage.Jdbc(state.db()).update("INSERT INTO users(id, name, role, created_at) VALUES (?, ?, 'user', ?)",
                id, name, java.time.Instant.now());
        return connect(server, Map.of("Authorization", "Bearer " + state.auth().createApiToken(id, name + "-token")));
    }

    private static RpcClient connect(StratusServer server) throws Exception {
        return connect(server, AUTH);
    }

    private static RpcClient connect(StratusServer server, Map<String, String> auth) throws Exception {
        String ws = server.awaitState().opened().orElseThrow().id();
        return RpcClient.connect(URI.create("ws://" + server.baseUri().getHost() + ":" + server.baseUri().getPort()
                + "/api/workspaces/" + ws + "/rpc"), auth);
    }

    /** Sends ai/chat and collects its notifications until ai/done. */
    List<JsonNode> chat(Map<String, Object> params) throws Exception {
        return events(rpc.result("ai/chat", params).get("requestId").asText());
    }

    /**
     * The notifications of one request, in order, until its ai/done. Those of other requests read
     * on the way are kept for their own call: two requests' notifications interleave.
     */
    List<JsonNode> events(String requestId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (java.util.Iterator<JsonNode> kept = unclaimed.iterator(); kept.hasNext(); ) {
            JsonNode n = kept.next();
            if (requestId.equals(n.path("params").path("requestId").asText())) {
                kept.remove();
                events.add(n);
                if (n.get("method").asText().equals("ai/done")) {
                    return events;
                }
            }
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode n = rpc.nextNotification(deadline - System.currentTimeMillis());
            if (n == null) {
                continue;
            }
            if (!requestId.equals(n.path("params").path("requestId").asText())) {
                if (n.path("params").has("requestId")) {
                    unclaimed.add(n);
                }
                continue;
            }
            events.add(n);
            if (n.get("method").asText().equals("ai/done")) {
                return events;
            }
        }
        throw new AssertionError("no ai/done; got " + events);
    }

    /** Reads {@code page}'s notifications until the first answer text ({@code ai/delta}) of a request it asked. */
    static void awaitFirstText(RpcClient page) throws Exception {
        for (JsonNode n = page.nextNotification(20_000); ; n = page.nextNotification(20_000)) {
            if (n == null) {
                throw new AssertionError("no answer text within 20 s");
            }
            if (n.get("method").asText().equals("ai/delta")) {
                return;
            }
        }
    }

    /** {@code page}'s notifications of {@code requestId} until its ai/done, which is last. */
    static List<JsonNode> eventsUntilDone(RpcClient page, String requestId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode n = page.nextNotification(deadline - System.currentTimeMillis());
            if (n != null && requestId.equals(n.path("params").path("requestId").asText())) {
                events.add(n);
                if (n.get("method").asText().equals("ai/done")) {
                    return events;
                }
            }
        }
        throw new AssertionError("no ai/done for " + requestId + " in " + events);
    }

    /** The params of a request's ai/done. */
    static JsonNode done(List<JsonNode> events) {
        return events.get(events.size() - 1).get("params");
    }

    @Override
    public void close() {
        rpc.close();
        server.close();
    }
}
