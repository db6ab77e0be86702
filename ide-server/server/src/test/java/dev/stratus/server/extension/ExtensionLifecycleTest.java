package dev.stratus.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extensions from the built-in folder and the install folder: loaded, activated on their events,
 * deactivated and removed; failures isolated; class loaders isolated; slow calls bounded.
 */
class ExtensionLifecycleTest {
    private static final String API = "^1.0.0";

    @TempDir
    Path base;

    /** An extension whose command {@code <id>.hello} answers, and whose deactivate is seen. */
    private Path greeter(String id, String events) throws Exception {
        String pkg = "test." + id.replace("-", "");
        return TestJars.builder(Files.createDirectories(base.resolve("build")))
                .manifest(TestJars.manifest(id, API, "", events,
                        "\"commands\": [{\"id\": \"" + id + ".hello\", \"title\": \"Hello\", \"keybinding\": \"Ctrl+Alt+H\"}]"))
                .source(pkg + ".Main", """
                        package %s;
                        import dev.stratus.extension.api.*;
                        public class Main implements Extension {
                            public void activate(ExtensionContext context) {
                                context.commands().register("%s.hello", inv -> "Hello, " + inv.caller().userName()
                                        + " from " + inv.workspace().orElseThrow().id());
                            }
                            public void deactivate() {
                                System.setProperty("%s.deactivated", "yes");
                            }
                        }
                        """.formatted(pkg, id, id))
                .build(base.resolve("jars/" + id + ".jar"));
    }

    private static JsonNode extension(RpcClient rpc, String id) throws Exception {
        for (JsonNode e : rpc.result("extensions/list", Map.of()).get("extensions")) {
            if (e.get("id").asText().equals(id)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void anInstalledExtensionIsActivatedByItsCommandAndReleasedWhenRemoved() throws Exception {
        Path jar = greeter("greeter", "\"onCommand:greeter.hello\"");
        try (var server = ExtensionTestServer.start(base, base.resolve("no-built-ins"), Duration.ofSeconds(10));
                RpcClient rpc = server.rpc()) {
            server.install(jar, "greeter.jar");
            JsonNode listed = extension(rpc, "greeter");
            assertThat(listed.get("state").asText()).isEqualTo("inactive");
            assertThat(listed.get("builtIn").asBoolean()).isFalse();
            assertThat(listed.get("version").asText()).isEqualTo("1.0.0");
            JsonNode contributions = rpc.result("extensions/contributions", Map.of());
            assertThat(contributions.get("commands").toString()).contains("\"greeter.hello\"", "\"Ctrl+Alt+H\"");

            JsonNode result = rpc.result("commands/execute", Map.of("command", "greeter.hello"));
            assertThat(result.get("result").asText()).isEqualTo("Hello, admin from " + server.workspaceId);
            assertThat(extension(rpc, "greeter").get("state").asText()).isEqualTo("active");

            server.uninstall("greeter.jar");
            assertThat(System.getProperty("greeter.deactivated")).isEqualTo("yes");
            assertThat(extension(rpc, "greeter")).isNull();
            assertThat(rpc.errorCode("commands/execute", Map.of("command", "greeter.hello"))).isEqualTo(1001);
            assertThat(rpc.result("extensions/contributions", Map.of()).get("commands").toString()).doesNotContain("greeter.hello");
        }
    }

    @Test
    void builtInExtensionsLoadAndStartupOnesActivateAtOnce() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        Files.copy(greeter("early", "\"onStartup\""), builtIn.resolve("early.jar"));
        Files.copy(greeter("lazy", "\"onLanguage:python\""), builtIn.resolve("lazy.jar"));
        try (var server = ExtensionTestServer.start(base, builtIn, Duration.ofSeconds(10)); RpcClient rpc = server.rpc()) {
            awaitState(rpc, "early", "active");
            assertThat(extension(rpc, "early").get("builtIn").asBoolean()).isTrue();
            assertThat(extension(rpc, "lazy").get("state").asText()).isEqualTo("inactive");
            JsonNode activated = rpc.result("extensions/activate", Map.of("event", "onLanguage:python"));
            assertThat(activated.get("activated").toString()).isEqualTo("[\"lazy\"]");
            assertThat(extension(rpc, "lazy").get("state").asText()).isEqualTo("active");
            assertThat(rpc.errorCode("extensions/activate", Map.of("event", "rm -rf"))).isEqualTo(-32602);
        }
        // Server shutdown deactivates what is active.
        assertThat(System.getProperty("early.deactivated")).isEqualTo("yes");
    }

    @Test
    void aReplacedJarIsReloaded() throws Exception {
        try (var server = ExtensionTestServer.start(base, null, Duration.ofSeconds(10)); RpcClient rpc = server.rpc()) {
            server.install(greeter("swap", "\"onCommand:swap.hello\""), "swap.jar");
            assertThat(rpc.result("commands/execute", Map.of("command", "swap.hello")).get("result").asText()).startsWith("Hello");
            Path v2 = TestJars.builder(Files.createDirectories(base.resolve("build2")))
                    .manifest(TestJars.manifest("swap", API, "", "\"onCommand:swap.hello\"",
                            "\"commands\": [{\"id\": \"swap.hello\", \"title\": \"Hello\"}]").replace("1.0.0\", \"api", "2.0.0\", \"api"))
                    .source("test.swap.Main", """
                            package test.swap;
                            import dev.stratus.extension.api.*;
                            public class Main implements Extension {
                                public void activate(ExtensionContext context) {
                                    context.commands().register("swap.hello", inv -> "Version two");
                                }
                            }
                            """)
                    .build(base.resolve("jars/swap-2.jar"));
            Thread.sleep(20); // a different modification time even on coarse file systems
            server.install(v2, "swap.jar");
            assertThat(extension(rpc, "swap").get("version").asText()).isEqualTo("2.0.0");
            assertThat(rpc.result("commands/execute", Map.of("command", "swap.hello")).get("result").asText()).isEqualTo("Version two");
        }
    }

    @Test
    void anExtensionWithTheTerminalPermissionOpensATerminalTheUserSees() throws Exception {
        Path jar = TestJars.builder(Files.createDirectories(base.resolve("build")))
                .manifest(TestJars.manifest("runner", API, "\"terminal\", \"git\"", "\"onCommand:runner.run\"",
                        "\"commands\": [{\"id\": \"runner.run\", \"title\": \"Run\"}, {\"id\": \"runner.branch\", \"title\": \"Branch\"}]"))
                .source("test.runner.Main", """
                        package test.runner;
                        import dev.stratus.extension.api.*;
                        public class Main implements Extension {
                            public void activate(ExtensionContext context) {
                                context.commands().register("runner.run", inv -> {
                                    WorkspaceTerminals t = inv.workspace().orElseThrow().terminals();
                                    // /bin/sh: the login shell reads the machine's own dotfiles, which may be slow.
                                    String id = t.create("", "/bin/sh");
                                    t.write(id, "echo RUNNER_$((6*7)) > runner.out\\r");
                                    return id;
                                });
                                context.commands().register("runner.branch", inv -> {
                                    WorkspaceGit.Status s = inv.workspace().orElseThrow().git().status();
                                    return s.branch() + " " + s.files().size();
                                });
                            }
                        }
                        """)
                .build(base.resolve("jars/runner.jar"));
        try (var server = ExtensionTestServer.start(base, null, Duration.ofSeconds(10)); RpcClient rpc = server.rpc()) {
            server.install(jar, "runner.jar");
            String id = rpc.result("commands/execute", Map.of("command", "runner.run")).get("result").asText();
            assertThat(rpc.result("terminal/list", Map.of()).get("terminals").toString()).contains(id);
            Path out = server.workspace.resolve("runner.out");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!(Files.exists(out) && Files.readString(out).contains("RUNNER_42")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(out).content().contains("RUNNER_42");
            rpc.result("terminal/close", Map.of("terminalId", id));

            JsonNode notARepository = rpc.call("commands/execute", Map.of("command", "runner.branch"));
            assertThat(notARepository.get("error").get("code").asInt()).isEqualTo(1001);
            assertThat(notARepository.get("error").get("message").asText()).contains("is not a git repository");
            org.eclipse.jgit.api.Git.init().setDirectory(server.workspace.toFile()).setInitialBranch("trunk").call().close();
            assertThat(rpc.result("commands/execute", Map.of("command", "runner.branch")).get("result").asText())
                    .isEqualTo("trunk 1"); // runner.out is untracked
        }
    }

    static void awaitState(RpcClient rpc, String id, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode e = extension(rpc, id);
            if (e != null && e.get("state").asText().equals(state)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Extension " + id + " did not become " + state + ": " + e);
            }
            Thread.sleep(20);
        }
    }

    static List<String> ids(RpcClient rpc) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        rpc.result("extensions/list", Map.of()).get("extensions").forEach(e -> out.add(e.get("id").asText()));
        return out;
    }
}
