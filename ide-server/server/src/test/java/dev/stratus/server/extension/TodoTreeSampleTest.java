package dev.stratus.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample extension (extensions/examples/todo-tree), as the reactor built it, hosted as a
 * built-in: its command, RPC service, notification, AI tool, HTTP route and setting through the wire.
 */
class TodoTreeSampleTest {
    @TempDir
    static Path base;
    static ExtensionTestServer server;
    static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        sampleJar(builtIn.resolve("todo-tree.jar"));
        server = ExtensionTestServer.start(base, builtIn, Duration.ofSeconds(20));
        Files.writeString(server.workspace.resolve("Main.java"), """
                class Main {
                    // TODO: handle the empty case
                    int x; // FIXME wrong unit
                    // HACK: not a default tag
                }
                """);
        rpc = server.rpc();
        ExtensionLifecycleTest.awaitState(rpc, "todo-tree", "active");
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
    }

    /** The sample's jar: the reactor's, or its classes folder packed as the build packs it. */
    static Path sampleJar(Path target) throws Exception {
        Path built = Path.of(dev.stratus.examples.todo.TodoTreeExtension.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(built)) {
            return Files.copy(built, target);
        }
        try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out);
                Stream<Path> walk = Files.walk(built)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(built.relativize(p).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(p));
                jar.closeEntry();
            }
        }
        return target;
    }

    @Test
    void theRefreshCommandCountsTheWorkspacesTodosAndTellsTheBrowser() throws Exception {
        String answer = awaitRefresh("2 TODOs");
        assertThat(answer).isEqualTo("2 TODOs");
        // Earlier refreshes (and setting changes) notified too: wait for this one's.
        JsonNode changed = nextNotification("ext/todo-tree/changed", n -> n.get("params").get("count").asInt() == 2);
        assertThat(changed.get("params").get("truncated").asBoolean()).isFalse();
        JsonNode list = rpc.result("ext/todo-tree/list", Map.of());
        assertThat(list.get("items")).extracting(i -> i.get("tag").asText() + "@" + i.get("line").asInt())
                .containsExactly("TODO@2", "FIXME@3");
        assertThat(list.get("items").get(0).get("path").asText()).isEqualTo("Main.java");
    }

    @Test
    void itsAiToolIsInTheToolRegistryAndAnswers() throws Exception {
        awaitRefresh("2 TODOs");
        assertThat(server.host.tools().get("list_todos")).isPresent();
        JsonNode tools = rpc.result("extensions/contributions", Map.of()).get("tools");
        assertThat(tools).extracting(t -> t.get("name").asText()).contains("list_todos");
        String admin = server.server.awaitState().adminId();
        String text = server.host.callTool("list_todos", admin, "admin", server.workspaceId, "{\"tag\": \"FIXME\"}");
        assertThat(text).contains("Main.java:3: FIXME").doesNotContain("TODO");
    }

    @Test
    void itsRouteAndItsTagsSettingWork() throws Exception {
        awaitRefresh("2 TODOs");
        HttpResponse<String> r = server.http("GET", "/api/ext/todo-tree/todos?workspace=" + server.workspaceId, null,
                ExtensionTestServer.AUTH);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(RpcClient.JSON.readTree(r.body()).get("items")).hasSize(2);

        rpc.result("settings/update", Map.of("key", "todo-tree.tags", "scope", "workspace", "value", List.of("HACK")));
        try {
            assertThat(awaitRefresh("1 TODO")).isEqualTo("1 TODO");
            assertThat(rpc.result("ext/todo-tree/list", Map.of()).get("items").get(0).get("tag").asText()).isEqualTo("HACK");
            assertThat(rpc.errorCode("settings/update", Map.of("key", "todo-tree.tags", "scope", "user", "value", "HACK")))
                    .isEqualTo(-32602);
        } finally {
            Map<String, Object> reset = new java.util.HashMap<>(Map.of("key", "todo-tree.tags", "scope", "workspace"));
            reset.put("value", null);
            rpc.result("settings/update", reset);
        }
    }

    /** Refreshes until the answer is {@code expected} (the index is built in the background). */
    private static String awaitRefresh(String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String answer;
        do {
            answer = rpc.result("commands/execute", Map.of("command", "todo-tree.refresh")).get("result").asText();
            if (answer.equals(expected)) {
                return answer;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return answer;
    }

    private static JsonNode nextNotification(String method, java.util.function.Predicate<JsonNode> test) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode n = rpc.nextNotification(deadline - System.currentTimeMillis());
            if (n != null && method.equals(n.path("method").asText()) && test.test(n)) {
                return n;
            }
        }
        throw new AssertionError("No " + method + " notification");
    }
}
