package dev.stratus.server.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What extensions contribute, through the wire as the browser uses it: RPC services with typed
 * notifications, settings, HTTP routes, AI tools, language servers; and workspace access limited
 * to the declared permissions.
 */
class ExtensionContributionsTest {
    private static final String KIT_MANIFEST = """
            {"id": "kit", "name": "Kit", "version": "1.2.3", "api": ">=1.0.0 <2.0.0", "main": "test.kit.Main",
             "permissions": ["files.read", "search"], "activationEvents": ["onWorkspaceOpened"],
             "contributes": {
               "commands": [{"id": "kit.greet", "title": "Greet", "category": "Kit"},
                            {"id": "kit.terminal", "title": "Open a terminal"},
                            {"id": "kit.write", "title": "Write a file"},
                            {"id": "kit.read", "title": "Read a file"},
                            {"id": "kit.ping", "title": "Ping"},
                            {"id": "kit.git", "title": "Git status"},
                            {"id": "kit.tools", "title": "Tools"}],
               "settings": {
                 "kit.greeting": {"type": "string", "default": "Hello", "description": "How to greet"},
                 "kit.count": {"type": "integer", "default": 3, "minimum": 1, "maximum": 10},
                 "kit.mode": {"type": "string", "enum": ["fast", "slow"], "default": "fast"}
               },
               "frontend": "frontend/kit.js"
             }}
            """;
    private static final String KIT_SOURCE = """
            package test.kit;
            import dev.stratus.extension.api.*;
            import java.util.List;
            public class Main implements Extension {
                public record Msg(String text, int times) { }
                public record Reply(String text, String user, String workspace) { }
                public interface Api {
                    Reply echo(Msg m);
                    Reply whoami();
                    java.util.concurrent.CompletionStage<Reply> later(Msg m);
                }
                public interface Events { void pinged(Msg m); }
                public void activate(ExtensionContext context) {
                    Settings settings = context.settings();
                    context.commands().register("kit.greet", inv -> settings.get(inv.caller(), "kit.greeting", String.class)
                            + " x" + settings.get(inv.caller(), "kit.count", Integer.class));
                    context.commands().register("kit.terminal", inv -> inv.workspace().orElseThrow().terminals().create(""));
                    context.commands().register("kit.write", inv -> {
                        inv.workspace().orElseThrow().files().write("pwned.txt", "x");
                        return "written";
                    });
                    context.commands().register("kit.read", inv -> inv.workspace().orElseThrow().files()
                            .read((String) inv.arguments().get(0)));
                    context.commands().register("kit.git", inv -> inv.workspace().orElseThrow().git().status().branch());
                    context.commands().register("kit.ping", inv -> {
                        context.rpc().broadcast(inv.workspace().orElseThrow().id(), Events.class).pinged(new Msg("ping", 1));
                        return null;
                    });
                    context.rpc().register(Api.class, session -> new Api() {
                        public Reply echo(Msg m) {
                            if (m.times() < 0) {
                                throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "times must not be negative");
                            }
                            session.notifications(Events.class).pinged(m);
                            return new Reply(m.text().repeat(m.times()), session.caller().userName(), session.workspace().id());
                        }
                        public Reply whoami() {
                            return new Reply("", session.caller().userId(), session.caller().workspaceId().orElse(""));
                        }
                        public java.util.concurrent.CompletionStage<Reply> later(Msg m) {
                            return java.util.concurrent.CompletableFuture.supplyAsync(() -> new Reply(m.text(), "", ""));
                        }
                    });
                    context.aiTools().register(new AiTool("kit_search", "Searches the workspace",
                            "{\\"type\\": \\"object\\", \\"properties\\": {\\"query\\": {\\"type\\": \\"string\\"}}}", false,
                            call -> call.workspace().search().text(WorkspaceSearch.Query.literal("needle")).matches().size() + " matches"));
                    context.languageServers().register(new LanguageServerDefinition("kit-ls", "Kit LS", List.of("kit"),
                            List.of("**/*.kit"), List.of("kit-language-server", "--stdio")));
                    context.http().route("GET", "hello/{name}", req -> HttpResponse.json(
                            "{\\"hello\\": \\"" + req.pathParameters().get("name") + "\\", \\"user\\": \\"" + req.caller().userName() + "\\"}"));
                    context.http().route("POST", "echo", req -> new HttpResponse(201, "text/plain", req.body()));
                    context.http().route("GET", "events", req -> HttpResponse.streaming(200, "text/event-stream", out -> {
                        for (int i = 1; i <= 3; i++) {
                            out.write(("data: " + i + "\\n\\n").getBytes());
                            out.flush();
                        }
                    }));
                    context.http().route("GET", "broken", req -> HttpResponse.streaming(200, "text/event-stream", out -> {
                        out.write("data: partial\\n\\n".getBytes());
                        out.flush();
                        throw new IllegalStateException("the writer failed mid-stream");
                    }));
                    // Sends n chunks of size bytes from another thread (never blocking it), then says whether the client fell behind.
                    context.http().route("GET", "pushed", req -> HttpResponse.streaming(200, "text/plain", out -> {
                        HttpResponse.NonBlockingBody body = (HttpResponse.NonBlockingBody) out;
                        out.write("head;".getBytes());
                        out.flush();
                        int n = Integer.parseInt(req.query("n").orElseThrow());
                        int size = Integer.parseInt(req.query("size").orElseThrow());
                        java.util.concurrent.atomic.AtomicBoolean behind = new java.util.concurrent.atomic.AtomicBoolean();
                        Thread sender = Thread.ofPlatform().start(() -> {
                            try {
                                for (int i = 0; i < n; i++) {
                                    byte[] chunk = new byte[size];
                                    java.util.Arrays.fill(chunk, (byte) ('a' + i % 26));
                                    if (!body.send(chunk)) {
                                        behind.set(true);
                                    }
                                }
                                req.query("sent").ifPresent(f -> {
                                    try {
                                        java.nio.file.Files.writeString(java.nio.file.Path.of(f), "sent");
                                    } catch (java.io.IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                });
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                        try {
                            sender.join();
                        } catch (InterruptedException e) {
                            throw new java.io.InterruptedIOException();
                        }
                        out.flush();
                        out.write((";tail;" + (behind.get() ? "behind" : "kept-up") + ";" + body.keepingUp()).getBytes());
                        out.close();
                    }));
                    // Ends its response by closing the body, then works on until the test opens the gate (or 20 s pass).
                    context.http().route("GET", "early-end", req -> HttpResponse.streaming(200, "text/plain", out -> {
                        out.write("answered".getBytes());
                        out.close();
                        java.nio.file.Path gate = java.nio.file.Path.of(req.query("gate").orElseThrow());
                        for (int i = 0; i < 200 && !java.nio.file.Files.exists(gate); i++) {
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }));
                    context.commands().register("kit.tools", inv -> context.aiTools().list().stream()
                            .map(t -> t.name() + "@" + t.extensionId()).toList() + " "
                            + context.aiTools().call(inv.caller(), "kit_search", "{}"));
                    context.http().route("GET", "file", req -> HttpResponse.text(req.workspace(req.query("workspace").orElse(""))
                            .files().read("notes.txt")));
                }
            }
            """;

    @TempDir
    static Path base;
    static ExtensionTestServer server;
    static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        TestJars.builder(Files.createDirectories(base.resolve("build")))
                .manifest(KIT_MANIFEST)
                .source("test.kit.Main", KIT_SOURCE)
                .entry("frontend/kit.js", "export function activate(stratus) { }\n")
                .build(builtIn.resolve("kit.jar"));
        server = ExtensionTestServer.start(base, builtIn, Duration.ofSeconds(10));
        Files.writeString(server.workspace.resolve("notes.txt"), "a needle in the notes\n");
        rpc = server.rpc();
        ExtensionLifecycleTest.awaitState(rpc, "kit", "active");
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
    }

    @Test
    void anRpcServiceAnswersUnderTheExtensionsPrefixWithTypedNotifications() throws Exception {
        JsonNode reply = rpc.result("ext/kit/echo", Map.of("text", "ab", "times", 3));
        assertThat(reply.get("text").asText()).isEqualTo("ababab");
        assertThat(reply.get("user").asText()).isEqualTo("admin");
        assertThat(reply.get("workspace").asText()).isEqualTo(server.workspaceId);
        JsonNode note = nextNotification("ext/kit/pinged");
        assertThat(note.get("params").get("text").asText()).isEqualTo("ab");
        assertThat(rpc.result("ext/kit/whoami", Map.of()).get("workspace").asText()).isEqualTo(server.workspaceId);
        assertThat(rpc.result("ext/kit/later", Map.of("text", "async", "times", 1)).get("text").asText()).isEqualTo("async");

        assertThat(rpc.errorCode("ext/kit/echo", Map.of("text", "ab", "times", -1))).isEqualTo(-32602);
        assertThat(rpc.errorCode("ext/kit/echo", Map.of("text", "ab", "times", "many"))).isEqualTo(-32602);
        assertThat(rpc.errorCode("ext/kit/nothing", Map.of())).isEqualTo(-32601);
        assertThat(rpc.errorCode("ext/nobody/echo", Map.of())).isEqualTo(-32601);
        assertThat(rpc.errorCode("ext/../fs/read", Map.of())).isEqualTo(-32601);

        rpc.result("commands/execute", Map.of("command", "kit.ping"));
        assertThat(nextNotification("ext/kit/pinged").get("params").get("text").asText()).isEqualTo("ping");
    }

    private static JsonNode nextNotification(String method) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode n = rpc.nextNotification(deadline - System.currentTimeMillis());
            if (n != null && method.equals(n.path("method").asText())) {
                return n;
            }
        }
        throw new AssertionError("No " + method + " notification");
    }

    @Test
    void aStreamedResponseEndsWhenItsWriterClosesTheBodyNotWhenTheWriterReturns() throws Exception {
        Path gate = base.resolve("gate");
        var request = java.net.http.HttpRequest.newBuilder(server.server.baseUri().resolve("/api/ext/kit/early-end?gate="
                        + java.net.URLEncoder.encode(gate.toString(), java.nio.charset.StandardCharsets.UTF_8)));
        ExtensionTestServer.AUTH.forEach(request::header);
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            // The writer is still waiting for the gate: the whole body arrives all the same (else 10 s, then 20 s of writer).
            HttpResponse<String> response = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.body()).isEqualTo("answered");
        } finally {
            Files.writeString(gate, "open");
        }
    }

    @Test
    void bytesSentFromAnotherThreadFollowWhatWasFlushedInOrder() throws Exception {
        HttpResponse<String> pushed = server.http("GET", "/api/ext/kit/pushed?n=3&size=2", null, ExtensionTestServer.AUTH);
        assertThat(pushed.statusCode()).isEqualTo(200);
        assertThat(pushed.body()).isEqualTo("head;aabbcc;tail;kept-up;true");
    }

    @Test
    void sendingNeverWaitsForAClientThatDoesNotReadAndLosesNothing() throws Exception {
        // 16 MiB, more than the sockets' buffers hold: the rest waits in the body while the client reads nothing.
        int n = 256;
        int size = 64 * 1024;
        Path sent = base.resolve("sent");
        Files.deleteIfExists(sent);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.server.baseUri().getPort())) {
            socket.setSoTimeout(20_000);
            String request = "GET /api/ext/kit/pushed?n=" + n + "&size=" + size + "&sent="
                    + java.net.URLEncoder.encode(sent.toString(), java.nio.charset.StandardCharsets.UTF_8) + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nAuthorization: " + ExtensionTestServer.AUTH.get("Authorization") + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // Every send returned while the client read nothing at all.
            for (int i = 0; i < 200 && !Files.exists(sent); i++) {
                Thread.sleep(50);
            }
            assertThat(sent).as("the sender finished before the client read a byte").exists();

            byte[] body = dev.stratus.server.support.RawHttp.chunkedBody(socket.getInputStream());
            String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("head;").endsWith(";tail;behind;true");
            assertThat(body.length).isEqualTo("head;".length() + n * size + ";tail;behind;true".length());
            for (int i = 0; i < n; i++) {
                int at = "head;".length() + i * size;
                assertThat(body[at]).as("chunk %d", i).isEqualTo((byte) ('a' + i % 26));
                assertThat(body[at + size - 1]).as("end of chunk %d", i).isEqualTo((byte) ('a' + i % 26));
            }
        }
    }

    @Test
    void aStreamedResponseWhoseWriterFailsIsCutNotEndedAndTheServerServesOn() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(server.server.baseUri().resolve("/api/ext/kit/broken"));
        ExtensionTestServer.AUTH.forEach(request::header);
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            // The first event was flushed before the failure: the client has it, then a connection dropped mid-body.
            HttpResponse<java.util.stream.Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            java.util.Iterator<String> lines = response.body().iterator();
            assertThat(lines.next()).isEqualTo("data: partial");
            assertThat(lines.next()).isEmpty();
            assertThatThrownBy(lines::hasNext).hasRootCauseInstanceOf(java.io.IOException.class);
        }
        HttpResponse<String> events = server.http("GET", "/api/ext/kit/events", null, ExtensionTestServer.AUTH);
        assertThat(events.body()).isEqualTo("data: 1\n\ndata: 2\n\ndata: 3\n\n");
    }

    @Test
    void streamedResponsesReuseTheServersBuffersThoughEachRunsOnANewThread() throws Exception {
        // Each request's writer runs on a virtual thread of its own: buffers kept per thread would be
        // new direct buffers for every request, stranded until a collection finalized their cache.
        java.lang.management.BufferPoolMXBean direct = java.lang.management.ManagementFactory
                .getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        server.http("GET", "/api/ext/kit/events", null, ExtensionTestServer.AUTH);
        long before = direct.getCount();
        for (int i = 0; i < 300; i++) {
            assertThat(server.http("GET", "/api/ext/kit/events", null, ExtensionTestServer.AUTH).body())
                    .isEqualTo("data: 1\n\ndata: 2\n\ndata: 3\n\n");
        }
        assertThat(direct.getCount() - before).as("direct buffers allocated for 300 sequential streams").isLessThan(30);
    }

    @Test
    void settingsHaveDefaultsUserAndWorkspaceValuesAndAreChecked() throws Exception {
        JsonNode greeting = setting("kit.greeting");
        assertThat(greeting.get("default").asText()).isEqualTo("Hello");
        assertThat(greeting.get("value").asText()).isEqualTo("Hello");
        assertThat(greeting.get("description").asText()).isEqualTo("How to greet");
        assertThat(setting("kit.mode").get("enum").toString()).isEqualTo("[\"fast\",\"slow\"]");
        assertThat(greet()).isEqualTo("Hello x3");

        rpc.result("settings/update", Map.of("key", "kit.greeting", "scope", "user", "value", "Hi"));
        assertThat(nextNotification("settings/didChange").get("params").get("keys").toString()).isEqualTo("[\"kit.greeting\"]");
        assertThat(greet()).isEqualTo("Hi x3");
        rpc.result("settings/update", Map.of("key", "kit.greeting", "scope", "workspace", "value", "Howdy"));
        assertThat(greet()).isEqualTo("Howdy x3");
        JsonNode s = setting("kit.greeting");
        assertThat(s.get("userValue").asText()).isEqualTo("Hi");
        assertThat(s.get("workspaceValue").asText()).isEqualTo("Howdy");
        assertThat(s.get("value").asText()).isEqualTo("Howdy");

        Map<String, Object> remove = new HashMap<>(Map.of("key", "kit.greeting", "scope", "workspace"));
        remove.put("value", null);
        rpc.result("settings/update", remove);
        assertThat(greet()).isEqualTo("Hi x3");

        JsonNode tooBig = rpc.call("settings/update", Map.of("key", "kit.count", "scope", "user", "value", 11));
        assertThat(tooBig.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(tooBig.get("error").get("message").asText()).contains("kit.count");
        assertThat(rpc.errorCode("settings/update", Map.of("key", "kit.count", "scope", "user", "value", "three"))).isEqualTo(-32602);
        assertThat(rpc.errorCode("settings/update", Map.of("key", "kit.mode", "scope", "user", "value", "medium"))).isEqualTo(-32602);
        assertThat(rpc.errorCode("settings/update", Map.of("key", "kit.count", "scope", "team", "value", 2))).isEqualTo(-32602);
        assertThat(rpc.errorCode("settings/update", Map.of("key", "kit.nothing", "scope", "user", "value", 2))).isEqualTo(1001);
        assertThat(greet()).isEqualTo("Hi x3");
        rpc.result("settings/update", Map.of("key", "kit.count", "scope", "user", "value", 5));
        assertThat(greet()).isEqualTo("Hi x5");
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(50);
        return true;
    }

    private static String greet() throws Exception {
        return rpc.result("commands/execute", Map.of("command", "kit.greet")).get("result").asText();
    }

    private static JsonNode setting(String key) throws Exception {
        for (JsonNode s : rpc.result("settings/list", Map.of()).get("settings")) {
            if (s.get("key").asText().equals(key)) {
                return s;
            }
        }
        throw new AssertionError("no setting " + key);
    }

    @Test
    void workspaceAccessIsLimitedToTheDeclaredPermissions() throws Exception {
        assertThat(rpc.call("commands/execute", Map.of("command", "kit.terminal")).get("error").get("code").asInt()).isEqualTo(1005);
        assertThat(rpc.result("terminal/list", Map.of()).get("terminals")).isEmpty();
        JsonNode write = rpc.call("commands/execute", Map.of("command", "kit.write"));
        assertThat(write.get("error").get("code").asInt()).isEqualTo(1005);
        assertThat(write.get("error").get("message").asText()).contains("files.write");
        assertThat(server.workspace.resolve("pwned.txt")).doesNotExist();
        assertThat(rpc.call("commands/execute", Map.of("command", "kit.git")).get("error").get("code").asInt()).isEqualTo(1005);
        assertThat(rpc.result("commands/execute", Map.of("command", "kit.read", "arguments", java.util.List.of("notes.txt")))
                .get("result").asText()).isEqualTo("a needle in the notes\n");
        // Path rules apply to extensions as to the browser.
        assertThat(rpc.call("commands/execute", Map.of("command", "kit.read", "arguments", java.util.List.of("../state/stratus.mv.db")))
                .get("error").get("code").asInt()).isEqualTo(-32602);
        // Declared permissions never make a failed extension of it: denial is an answer, not a crash.
        assertThat(rpc.result("commands/execute", Map.of("command", "kit.greet")).get("result").asText()).contains("x");
    }

    @Test
    void httpRoutesAreServedUnderTheExtensionsPrefixBehindAuthentication() throws Exception {
        HttpResponse<String> anonymous = server.http("GET", "/api/ext/kit/hello/world", null, Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> hello = server.http("GET", "/api/ext/kit/hello/world", null, ExtensionTestServer.AUTH);
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("{\"hello\": \"world\", \"user\": \"admin\"}");
        HttpResponse<String> echo = server.http("POST", "/api/ext/kit/echo", "body text", ExtensionTestServer.AUTH);
        assertThat(echo.statusCode()).isEqualTo(201);
        assertThat(echo.body()).isEqualTo("body text");
        Map<String, String> foreignOrigin = new HashMap<>(ExtensionTestServer.AUTH);
        foreignOrigin.put("Origin", "http://evil.example");
        assertThat(server.http("POST", "/api/ext/kit/echo", "x", foreignOrigin).statusCode()).isEqualTo(403);
        assertThat(server.http("GET", "/api/ext/kit/echo", null, ExtensionTestServer.AUTH).statusCode()).isEqualTo(405);
        assertThat(server.http("GET", "/api/ext/kit/nothing", null, ExtensionTestServer.AUTH).statusCode()).isEqualTo(404);
        assertThat(server.http("GET", "/api/ext/nobody/hello/x", null, ExtensionTestServer.AUTH).statusCode()).isEqualTo(404);
        HttpResponse<String> events = server.http("GET", "/api/ext/kit/events", null, ExtensionTestServer.AUTH);
        assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(events.body()).isEqualTo("data: 1\n\ndata: 2\n\ndata: 3\n\n");
        HttpResponse<String> file = server.http("GET", "/api/ext/kit/file?workspace=" + server.workspaceId, null, ExtensionTestServer.AUTH);
        assertThat(file.body()).isEqualTo("a needle in the notes\n");
        assertThat(server.http("GET", "/api/ext/kit/file?workspace=elsewhere", null, ExtensionTestServer.AUTH).statusCode())
                .isEqualTo(404);

        HttpResponse<String> module = server.http("GET", "/api/extensions/kit/frontend/kit.js", null, ExtensionTestServer.AUTH);
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(module.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(module.body()).contains("export function activate");
        assertThat(server.http("GET", "/api/extensions/kit/frontend/kit.js", null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(server.http("GET", "/api/extensions/kit/frontend/../stratus-extension.json", null, ExtensionTestServer.AUTH)
                .statusCode()).isEqualTo(404);
        assertThat(server.http("GET", "/api/extensions/kit/frontend/%2e%2e/stratus-extension.json", null, ExtensionTestServer.AUTH)
                .statusCode()).isEqualTo(404);
        assertThat(server.http("GET", "/api/extensions/kit/frontend/test/kit/Main.class", null, ExtensionTestServer.AUTH)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void routeBodiesUpToOneMebibyteArriveWholeLargerOnesAreRefused() throws Exception {
        String mib = "x".repeat(1024 * 1024);
        // With a declared length (Content-Length)...
        HttpResponse<String> whole = server.http("POST", "/api/ext/kit/echo", mib, ExtensionTestServer.AUTH);
        assertThat(whole.statusCode()).isEqualTo(201);
        assertThat(whole.body()).isEqualTo(mib);
        HttpResponse<String> over = server.http("POST", "/api/ext/kit/echo", mib + "x", ExtensionTestServer.AUTH);
        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(over.body()).contains("too_large");
        // ...and without one (chunked).
        assertThat(chunkedEcho(mib).body()).isEqualTo(mib);
        HttpResponse<String> overChunked = chunkedEcho(mib + "x");
        assertThat(overChunked.statusCode()).isEqualTo(413);
        assertThat(overChunked.body()).contains("too_large");
    }

    private static HttpResponse<String> chunkedEcho(String body) throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var request = java.net.http.HttpRequest.newBuilder(server.server.baseUri().resolve("/api/ext/kit/echo"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)));
        ExtensionTestServer.AUTH.forEach(request::header);
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void toolsLanguageServersAndFrontendsAreListed() throws Exception {
        JsonNode c = rpc.result("extensions/contributions", Map.of());
        JsonNode tool = c.get("tools").get(0);
        assertThat(tool.get("name").asText()).isEqualTo("kit_search");
        assertThat(tool.get("extensionId").asText()).isEqualTo("kit");
        assertThat(tool.get("parameters").get("type").asText()).isEqualTo("object");
        assertThat(tool.get("requiresApproval").asBoolean()).isFalse();
        assertThat(c.get("frontends").toString()).isEqualTo("[{\"extensionId\":\"kit\",\"url\":\"/api/extensions/kit/frontend/kit.js\"}]");
        assertThat(server.host.tools().get("kit_search")).isPresent();
        // The assistant calls a tool for its user and workspace; it searches the real index (built in the background).
        String admin = server.server.awaitState().adminId();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String answer;
        do {
            answer = server.host.callTool("kit_search", admin, "admin", server.workspaceId, "{\"query\": \"needle\"}");
        } while (!answer.equals("1 matches") && System.nanoTime() < deadline && sleep());
        assertThat(answer).isEqualTo("1 matches");
        assertThatThrownBy(() -> server.host.callTool("kit_search", "someone-else", "eve", server.workspaceId, "{}"))
                .hasMessageContaining("No workspace");
        assertThatThrownBy(() -> server.host.callTool("no_such_tool", admin, "admin", server.workspaceId, "{}"))
                .hasMessageContaining("No tool no_such_tool");
        // An assistant extension sees every extension's tools and calls them through the host.
        assertThat(rpc.result("commands/execute", Map.of("command", "kit.tools")).get("result").asText())
                .isEqualTo("[kit_search@kit] 1 matches");
        assertThat(server.host.languageServers()).extracting(d -> d.id()).containsExactly("kit-ls");
    }
}
