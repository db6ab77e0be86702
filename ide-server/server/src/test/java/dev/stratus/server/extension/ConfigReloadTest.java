package dev.stratus.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edit of stratus.yaml applies while the server runs: an extension whose section changed is
 * activated again with the new one (and browsers hear of it); an edit elsewhere, a version that is
 * not YAML and a burst of saves restart nothing more than they must.
 */
class ConfigReloadTest {
    /** Longer than a poll and the quiet time together, with room for a busy machine. */
    private static final Duration APPLIED = ConfigFileWatcher.POLL.plus(ConfigFileWatcher.QUIET).multipliedBy(2);

    @TempDir
    Path base;

    /** A built-in extension reading the section {@code demo}, which writes each activation's section to its data folder. */
    private Path builtIn() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        TestJars.builder(Files.createDirectories(base.resolve("build")))
                .manifest(TestJars.manifest("configured", "^1.0.0", "", "\"onStartup\"",
                        "\"configuration\": \"demo\", \"commands\": [{\"id\": \"configured.config\", \"title\": \"Config\"},"
                                + " {\"id\": \"configured.context\", \"title\": \"Context\"}]"))
                .source("test.configured.Main", """
                        package test.configured;
                        import dev.stratus.extension.api.*;
                        import java.nio.file.*;
                        public class Main implements Extension {
                            private volatile String config;
                            public void activate(ExtensionContext context) throws Exception {
                                config = context.configuration().orElse("none");
                                if (config.contains("\\"fail\\":true")) {
                                    throw new IllegalStateException("told to fail");
                                }
                                Files.writeString(context.dataDir().resolve("activations"), config + "\\n",
                                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                                context.commands().register("configured.config", inv -> config);
                                context.commands().register("configured.context", inv -> context.configuration().orElse("none"));
                            }
                            // Takes a section as it runs when the old and the new both say live: true.
                            public boolean reconfigure(java.util.Optional<String> section) {
                                String now = section.orElse("none");
                                if (now.contains("\\"throw\\":true")) {
                                    throw new IllegalStateException("cannot take it");
                                }
                                if (!config.contains("\\"live\\":true") || !now.contains("\\"live\\":true")) {
                                    return false;
                                }
                                config = now;
                                return true;
                            }
                        }
                        """)
                .build(builtIn.resolve("configured.jar"));
        return builtIn;
    }

    /** What each activation read, in order. */
    private static List<String> activations(ExtensionTestServer server) throws Exception {
        Path file = server.dataDir.resolve("extensions/.host/data/configured/activations");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static String config(RpcClient rpc) throws Exception {
        JsonNode r = rpc.call("commands/execute", Map.of("command", "configured.config"));
        return r.path("result").path("result").asText(null);
    }

    /** Waits until the command answers {@code expected}. */
    private static void awaitConfig(RpcClient rpc, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String now = config(rpc);
        while (!expected.equals(now)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the extension reads " + now + ", not " + expected);
            }
            Thread.sleep(50);
            now = config(rpc);
        }
    }

    /** Saves as editors do: a new file renamed over the old one. */
    private void save(Path config, String yaml) throws Exception {
        Path tmp = Files.writeString(base.resolve("stratus.yaml.tmp"), yaml);
        Files.move(tmp, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void anEditOfItsSectionActivatesItAgainAndAnEditElsewhereDoesNot() throws Exception {
        Path config = Files.writeString(base.resolve("stratus.yaml"), "demo:\n  greeting: hi\nother: 1\n");
        try (var server = ExtensionTestServer.start(base, builtIn(), Duration.ofSeconds(10), config); RpcClient rpc = server.rpc()) {
            ExtensionLifecycleTest.awaitState(rpc, "configured", "active");
            assertThat(config(rpc)).isEqualTo("{\"greeting\":\"hi\"}");

            // A comment, another section, and the same section written otherwise: nothing to restart.
            save(config, "# the team's server\nother: 2\ndemo: {greeting: hi}\n");
            Thread.sleep(APPLIED.toMillis());
            assertThat(activations(server)).containsExactly("{\"greeting\":\"hi\"}");

            save(config, "# the team's server\nother: 2\ndemo: {greeting: hello, tiers: [small]}\n");
            awaitConfig(rpc, "{\"greeting\":\"hello\",\"tiers\":[\"small\"]}");
            assertThat(activations(server)).containsExactly("{\"greeting\":\"hi\"}", "{\"greeting\":\"hello\",\"tiers\":[\"small\"]}");
            ExtensionLifecycleTest.awaitState(rpc, "configured", "active");
            assertThat(didChange(rpc)).isTrue();

            // The section removed: the extension runs without one, as it would have started.
            save(config, "other: 2\n");
            awaitConfig(rpc, "none");
        }
    }

    private static boolean didChange(RpcClient rpc) throws Exception {
        for (JsonNode n = rpc.nextNotification(5000); n != null; n = rpc.nextNotification(5000)) {
            if (n.path("method").asText().equals("extensions/didChange")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void anExtensionThatTakesItsChangedSectionRunsOnWithItAndOneThatDoesNotIsActivatedAgain() throws Exception {
        Path config = Files.writeString(base.resolve("stratus.yaml"), "demo: {live: true, n: 1}\n");
        try (var server = ExtensionTestServer.start(base, builtIn(), Duration.ofSeconds(10), config); RpcClient rpc = server.rpc()) {
            ExtensionLifecycleTest.awaitState(rpc, "configured", "active");

            while (rpc.nextNotification(500) != null) {
                // what the start sent
            }

            // Taken as it runs: the same instance, no second activation, and the context hands out the new section.
            // Browsers hear of it, as its views may show what the section says.
            save(config, "demo: {live: true, n: 2}\n");
            awaitConfig(rpc, "{\"live\":true,\"n\":2}");
            assertThat(didChange(rpc)).isTrue();
            assertThat(activations(server)).containsExactly("{\"live\":true,\"n\":1}");
            JsonNode context = rpc.call("commands/execute", Map.of("command", "configured.context"));
            assertThat(context.path("result").path("result").asText()).isEqualTo("{\"live\":true,\"n\":2}");
            assertThat(server.host.list()).filteredOn(e -> e.id().equals("configured"))
                    .singleElement().extracting(ExtensionSnapshot::state).isEqualTo("active");

            // Declined: activated again with it.
            save(config, "demo: {live: false, n: 3}\n");
            awaitConfig(rpc, "{\"live\":false,\"n\":3}");
            assertThat(activations(server)).containsExactly("{\"live\":true,\"n\":1}", "{\"live\":false,\"n\":3}");

            // Failed to take it: activated again with it too, and running.
            save(config, "demo: {live: true, throw: true}\n");
            awaitConfig(rpc, "{\"live\":true,\"throw\":true}");
            assertThat(activations(server)).hasSize(3);
            ExtensionLifecycleTest.awaitState(rpc, "configured", "active");
        }
    }

    @Test
    void aVersionThatIsNotYamlKeepsItRunningUntilTheNextValidOne() throws Exception {
        Path config = Files.writeString(base.resolve("stratus.yaml"), "demo:\n  greeting: hi\n");
        try (var server = ExtensionTestServer.start(base, builtIn(), Duration.ofSeconds(10), config); RpcClient rpc = server.rpc()) {
            ExtensionLifecycleTest.awaitState(rpc, "configured", "active");

            save(config, "demo:\n  greeting: [unclosed\n  other: {\n");
            Thread.sleep(APPLIED.toMillis());
            assertThat(config(rpc)).isEqualTo("{\"greeting\":\"hi\"}");
            assertThat(activations(server)).hasSize(1);
            assertThat(server.host.list()).filteredOn(e -> e.id().equals("configured"))
                    .singleElement().extracting(ExtensionSnapshot::state).isEqualTo("active");

            save(config, "demo:\n  greeting: fixed\n");
            awaitConfig(rpc, "{\"greeting\":\"fixed\"}");
            assertThat(activations(server)).hasSize(2);
        }
    }

    @Test
    void aBurstOfSavesActivatesItOnceWithTheLast() throws Exception {
        Path config = Files.writeString(base.resolve("stratus.yaml"), "demo: {n: 0}\n");
        try (var server = ExtensionTestServer.start(base, builtIn(), Duration.ofSeconds(10), config); RpcClient rpc = server.rpc()) {
            ExtensionLifecycleTest.awaitState(rpc, "configured", "active");
            for (int i = 1; i <= 5; i++) {
                save(config, "demo: {n: " + i + "}\n");
                Thread.sleep(100);
            }
            awaitConfig(rpc, "{\"n\":5}");
            Thread.sleep(APPLIED.toMillis());
            assertThat(activations(server)).containsExactly("{\"n\":0}", "{\"n\":5}");
        }
    }

    @Test
    void anExtensionThatFailedWithItsSectionIsActivatedAgainWhenTheSectionChanges() throws Exception {
        Path config = Files.writeString(base.resolve("stratus.yaml"), "demo: {fail: true}\n");
        try (var server = ExtensionTestServer.start(base, builtIn(), Duration.ofSeconds(10), config); RpcClient rpc = server.rpc()) {
            ExtensionLifecycleTest.awaitState(rpc, "configured", "failed");
            save(config, "demo: {fail: false}\n");
            awaitConfig(rpc, "{\"fail\":false}");
            ExtensionLifecycleTest.awaitState(rpc, "configured", "active");
        }
    }

    @Test
    void aFileCreatedAfterTheStartIsApplied() throws Exception {
        Path config = base.resolve("conf/stratus.yaml");
        try (var server = ExtensionTestServer.start(base, builtIn(), Duration.ofSeconds(10), config); RpcClient rpc = server.rpc()) {
            ExtensionLifecycleTest.awaitState(rpc, "configured", "active");
            assertThat(config(rpc)).isEqualTo("none");

            Files.createDirectories(config.getParent());
            Files.writeString(config, "demo:\n  greeting: late\n");
            awaitConfig(rpc, "{\"greeting\":\"late\"}");
        }
    }
}
