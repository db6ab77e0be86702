package dev.stratus.server.extension;

import static dev.stratus.server.support.Cli.output;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.support.Cli;
import dev.stratus.server.support.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stratus extensions list|install|remove}, as separate processes, with and without a running server. */
class ExtensionsCliTest {
    @TempDir
    Path base;

    private Path jar(String id, String api) throws Exception {
        String pkg = "test." + id.replace("-", "");
        return TestJars.builder(Files.createDirectories(base.resolve("build")))
                .manifest(TestJars.manifest(id, api, "", "\"onCommand:" + id + ".run\"",
                        "\"commands\": [{\"id\": \"" + id + ".run\", \"title\": \"Run\"}]"))
                .source(pkg + ".Main", """
                        package %s;
                        import dev.stratus.extension.api.*;
                        public class Main implements Extension {
                            public void activate(ExtensionContext context) {
                                context.commands().register("%s.run", inv -> "ran %s");
                            }
                        }
                        """.formatted(pkg, id, id))
                .build(base.resolve("jars/" + id + "-" + api.replaceAll("[^0-9]", "") + ".jar"));
    }

    private Process stratus(Path dataDir, Path builtIn, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        return Cli.start(all, Map.of("STRATUS_BUILTIN_EXTENSIONS_DIR", builtIn.toString()), List.of());
    }

    @Test
    void installListAndRemoveAndRefuseWhatCannotWork() throws Exception {
        Path data = base.resolve("data");
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        Files.copy(jar("core-thing", "^1.0.0"), builtIn.resolve("core-thing.jar"));

        Process install = stratus(data, builtIn, "extensions", "install", jar("greeter", "^1.0.0").toString());
        String out = output(install);
        assertThat(install.exitValue()).as(out).isZero();
        assertThat(out).contains("Installed greeter 1.0.0.");
        assertThat(data.resolve("extensions/greeter.jar")).isRegularFile();

        String list = output(stratus(data, builtIn, "extensions", "list"));
        assertThat(list.lines())
                .anyMatch(l -> l.matches("ID +VERSION +SOURCE +STATUS"))
                .anyMatch(l -> l.matches("core-thing +1\\.0\\.0 +built-in +ok"))
                .anyMatch(l -> l.matches("greeter +1\\.0\\.0 +installed +ok"));

        Process future = stratus(data, builtIn, "extensions", "install", jar("future", "^2.0.0").toString());
        out = output(future);
        assertThat(future.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("needs extension API ^2.0.0; this server has " + dev.stratus.extension.api.ExtensionApi.VERSION);
        assertThat(data.resolve("extensions/future.jar")).doesNotExist();

        Path garbage = Files.writeString(base.resolve("garbage.jar"), "not a jar");
        Process bad = stratus(data, builtIn, "extensions", "install", garbage.toString());
        assertThat(output(bad)).contains("not a readable jar");
        assertThat(bad.exitValue()).isEqualTo(1);

        Process shadow = stratus(data, builtIn, "extensions", "install", jar("core-thing", "^1.0.0").toString());
        assertThat(output(shadow)).contains("A built-in extension has the id core-thing");
        assertThat(shadow.exitValue()).isEqualTo(1);

        Process removeBuiltIn = stratus(data, builtIn, "extensions", "remove", "core-thing");
        assertThat(output(removeBuiltIn)).contains("core-thing is built in and cannot be removed");
        assertThat(removeBuiltIn.exitValue()).isEqualTo(1);

        Process remove = stratus(data, builtIn, "extensions", "remove", "greeter");
        assertThat(output(remove)).contains("Removed greeter.");
        assertThat(remove.exitValue()).isZero();
        assertThat(data.resolve("extensions/greeter.jar")).doesNotExist();
        Process again = stratus(data, builtIn, "extensions", "remove", "greeter");
        assertThat(output(again)).contains("no installed extension greeter");
        assertThat(again.exitValue()).isEqualTo(1);
        try (var files = Files.list(data.resolve("extensions"))) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void aRunningServerPicksUpInstallAndRemoveWithoutARestart() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        try (var server = ExtensionTestServer.start(base, builtIn, Duration.ofSeconds(10)); RpcClient rpc = server.rpc()) {
            Process install = stratus(server.dataDir, builtIn, "extensions", "install", jar("hot", "^1.0.0").toString());
            assertThat(output(install)).contains("Installed hot 1.0.0.");
            awaitListed(rpc, "hot", true);
            assertThat(rpc.result("commands/execute", Map.of("command", "hot.run")).get("result").asText()).isEqualTo("ran hot");

            Process remove = stratus(server.dataDir, builtIn, "extensions", "remove", "hot");
            assertThat(output(remove)).contains("Removed hot.");
            awaitListed(rpc, "hot", false);
            assertThat(rpc.errorCode("commands/execute", Map.of("command", "hot.run"))).isEqualTo(1001);
        }
    }

    private static void awaitListed(RpcClient rpc, String id, boolean listed) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (ExtensionLifecycleTest.ids(rpc).contains(id) != listed) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(id + (listed ? " was not loaded" : " was not removed") + " by the running server");
            }
            Thread.sleep(50);
        }
    }
}
