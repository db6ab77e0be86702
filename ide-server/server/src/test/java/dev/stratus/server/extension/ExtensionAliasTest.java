package dev.stratus.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A built-in extension's configuration section and its aliases: RPC methods and notifications
 * under a protocol segment of its own ({@code demo/...}, as the AI assistant answers {@code ai/...}),
 * HTTP routes under a root path ({@code /demo/...}, as {@code /v1/...}); an administrator turns
 * the aliases off in stratus.yaml, and an installed extension cannot claim any.
 */
class ExtensionAliasTest {
    @TempDir
    Path base;

    private Path jar(String id) throws Exception {
        String pkg = "test." + id;
        return TestJars.builder(Files.createDirectories(base.resolve("build")))
                .manifest("""
                        {"id": "%s", "version": "1.0.0", "api": "^1.0.0", "main": "%s.Main",
                         "activationEvents": ["onStartup"],
                         "contributes": {"configuration": "demo", "aliases": {"rpc": "demo", "http": "demo"},
                                         "commands": [{"id": "%s.config", "title": "Config"}]}}
                        """.formatted(id, pkg, id))
                .source(pkg + ".Main", """
                        package %s;
                        import dev.stratus.extension.api.*;
                        public class Main implements Extension {
                            public record Msg(String text) { }
                            public interface Api { Msg echo(Msg m); }
                            public interface Events { void echoed(Msg m); }
                            public void activate(ExtensionContext context) {
                                String config = context.configuration().orElse("none");
                                context.commands().register("%s.config", inv -> config);
                                context.rpc().register(Api.class, session -> m -> {
                                    session.notifications(Events.class).echoed(m);
                                    return new Msg("echo " + m.text());
                                });
                                context.http().route("GET", "hello", req -> HttpResponse.text("hello " + req.caller().userName()));
                            }
                        }
                        """.formatted(pkg, id))
                .build(base.resolve("jars/" + id + ".jar"));
    }

    @Test
    void aBuiltInExtensionAnswersUnderItsAliasesAndReadsItsSection() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        Files.copy(jar("aliased"), builtIn.resolve("aliased.jar"));
        Path config = Files.writeString(base.resolve("stratus.yaml"), """
                demo:
                  greeting: hi
                  tiers: [small, large]
                other:
                  secret: not for this extension
                """);
        try (var server = ExtensionTestServer.start(base, builtIn, Duration.ofSeconds(10), config); RpcClient rpc = server.rpc()) {
            ExtensionLifecycleTest.awaitState(rpc, "aliased", "active");
            assertThat(rpc.result("commands/execute", Map.of("command", "aliased.config")).get("result").asText())
                    .isEqualTo("{\"greeting\":\"hi\",\"tiers\":[\"small\",\"large\"]}");

            assertThat(rpc.result("demo/echo", Map.of("text", "x")).get("text").asText()).isEqualTo("echo x");
            JsonNode note = rpc.nextNotification(5000);
            while (note != null && note.get("method").asText().equals("extensions/didChange")) {
                note = rpc.nextNotification(5000);
            }
            assertThat(note.get("method").asText()).isEqualTo("demo/echoed");
            assertThat(rpc.result("ext/aliased/echo", Map.of("text", "y")).get("text").asText()).isEqualTo("echo y");
            assertThat(rpc.errorCode("demo/nothing", Map.of())).isEqualTo(-32601);
            assertThat(rpc.errorCode("nodemo/echo", Map.of())).isEqualTo(-32601);

            assertThat(server.http("GET", "/demo/hello", null, ExtensionTestServer.AUTH).body()).isEqualTo("hello admin");
            assertThat(server.http("GET", "/demo/hello", null, Map.of()).statusCode()).isEqualTo(401);
            assertThat(server.http("GET", "/api/ext/aliased/hello", null, ExtensionTestServer.AUTH).body()).isEqualTo("hello admin");

            // The administrator turns the aliases off; the extension's own prefixes stay.
            Files.writeString(config, "extensions:\n  disabledAliases: [aliased]\n", java.nio.file.StandardOpenOption.APPEND);
            assertThat(rpc.errorCode("demo/echo", Map.of("text", "x"))).isEqualTo(-32601);
            assertThat(server.http("GET", "/demo/hello", null, ExtensionTestServer.AUTH).statusCode()).isEqualTo(404);
            assertThat(rpc.result("ext/aliased/echo", Map.of("text", "z")).get("text").asText()).isEqualTo("echo z");
        }
    }

    @Test
    void anInstalledExtensionGetsNoAlias() throws Exception {
        try (var server = ExtensionTestServer.start(base, null, Duration.ofSeconds(10)); RpcClient rpc = server.rpc()) {
            server.install(jar("claimer"), "claimer.jar");
            ExtensionLifecycleTest.awaitState(rpc, "claimer", "active");
            assertThat(rpc.errorCode("demo/echo", Map.of("text", "x"))).isEqualTo(-32601);
            assertThat(server.http("GET", "/demo/hello", null, ExtensionTestServer.AUTH).statusCode()).isEqualTo(404);
            assertThat(rpc.result("ext/claimer/echo", Map.of("text", "x")).get("text").asText()).isEqualTo("echo x");
            assertThat(rpc.result("commands/execute", Map.of("command", "claimer.config")).get("result").asText()).isEqualTo("none");
        }
    }
}
