package dev.stratus.server.extension;

import static dev.stratus.server.extension.ExtensionLifecycleTest.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One extension's libraries, failures and slowness never reach the server or other extensions. */
class ExtensionIsolationTest {
    @TempDir
    Path base;

    private Path build() throws Exception {
        return Files.createDirectories(base.resolve("build"));
    }

    /** A library jar whose {@code dev.lib.Version.value()} returns {@code version}. */
    private Path library(String version) throws Exception {
        return TestJars.builder(build()).source("dev.lib.Version", """
                package dev.lib;
                public final class Version {
                    public static String value() { return "%s"; }
                }
                """.formatted(version)).build(base.resolve("libs-" + version + "/versionlib.jar"));
    }

    /** An extension whose command {@code <id>.version} reports the bundled library's version and class loader. */
    private Path libraryUser(String id, Path library) throws Exception {
        String pkg = "test." + id.replace("-", "");
        return TestJars.builder(build())
                .manifest(TestJars.manifest(id, "^1.0.0", "", "\"onCommand:" + id + ".version\"",
                        "\"commands\": [{\"id\": \"" + id + ".version\", \"title\": \"Version\"}]"))
                .library(library)
                .source(pkg + ".Main", """
                        package %s;
                        import dev.stratus.extension.api.*;
                        public class Main implements Extension {
                            public void activate(ExtensionContext context) {
                                context.commands().register("%s.version", inv -> dev.lib.Version.value() + " "
                                        + dev.lib.Version.class.getClassLoader().getName());
                            }
                        }
                        """.formatted(pkg, id))
                .build(base.resolve("jars/" + id + ".jar"));
    }

    @Test
    void twoExtensionsBundlingConflictingVersionsOfALibraryBothWork() throws Exception {
        try (var server = ExtensionTestServer.start(base, null, Duration.ofSeconds(10)); RpcClient rpc = server.rpc()) {
            server.install(libraryUser("uses-one", library("1")), "uses-one.jar");
            server.install(libraryUser("uses-two", library("2")), "uses-two.jar");
            assertThat(rpc.result("commands/execute", Map.of("command", "uses-one.version")).get("result").asText())
                    .isEqualTo("1 extension:uses-one");
            assertThat(rpc.result("commands/execute", Map.of("command", "uses-two.version")).get("result").asText())
                    .isEqualTo("2 extension:uses-two");
            // Neither library leaks into the server's own class path.
            assertThatThrownBy(() -> Class.forName("dev.lib.Version")).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void theHostsLibrariesAreInvisibleToExtensions() throws Exception {
        Path jar = TestJars.builder(build())
                .manifest(TestJars.manifest("peek", "^1.0.0", "", "\"onCommand:peek.look\"",
                        "\"commands\": [{\"id\": \"peek.look\", \"title\": \"Look\"}]"))
                .source("test.peek.Main", """
                        package test.peek;
                        import dev.stratus.extension.api.*;
                        public class Main implements Extension {
                            public void activate(ExtensionContext context) {
                                context.commands().register("peek.look", inv -> {
                                    StringBuilder seen = new StringBuilder();
                                    for (String c : new String[] {"com.fasterxml.jackson.databind.ObjectMapper",
                                            "dev.stratus.server.app.StratusServer", "io.undertow.Undertow"}) {
                                        try {
                                            Class.forName(c);
                                            seen.append(c).append(' ');
                                        } catch (ClassNotFoundException expected) {
                                            // invisible, as it should be
                                        }
                                    }
                                    return "visible: [" + seen.toString().trim() + "]";
                                });
                            }
                        }
                        """)
                .build(base.resolve("jars/peek.jar"));
        try (var server = ExtensionTestServer.start(base, null, Duration.ofSeconds(10)); RpcClient rpc = server.rpc()) {
            server.install(jar, "peek.jar");
            assertThat(rpc.result("commands/execute", Map.of("command", "peek.look")).get("result").asText()).isEqualTo("visible: []");
        }
    }

    private Path simple(String id, String api, String main, String activateBody, String extraClass) throws Exception {
        String pkg = "test." + id.replace("-", "");
        TestJars.Builder b = TestJars.builder(build())
                .manifest(TestJars.manifest(id, api, "", "\"onStartup\"",
                        "\"commands\": [{\"id\": \"" + id + ".run\", \"title\": \"Run\"}]").replace("test." + id.replace("-", "") + ".Main", main));
        if (activateBody != null) {
            b.source(pkg + ".Main", """
                    package %s;
                    import dev.stratus.extension.api.*;
                    public class Main implements Extension {
                        public void activate(ExtensionContext context) throws Exception {
                            %s
                        }
                    }
                    """.formatted(pkg, activateBody));
        }
        if (extraClass != null) {
            b.source(pkg + ".Other", "package " + pkg + "; public class Other { }");
        }
        return b.build(base.resolve("jars/" + id + ".jar"));
    }

    private static JsonNode find(RpcClient rpc, String id) throws Exception {
        for (JsonNode e : rpc.result("extensions/list", Map.of()).get("extensions")) {
            if (e.get("id").asText().equals(id)) {
                return e;
            }
        }
        throw new AssertionError("not listed: " + id);
    }

    @Test
    void brokenExtensionsAreFailedWithTheReasonAndTheOthersRun() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        Files.copy(simple("thrower", "^1.0.0", "test.thrower.Main", "throw new IllegalStateException(\"no config here\");", null),
                builtIn.resolve("thrower.jar"));
        Files.copy(simple("future", "^2.0.0", "test.future.Main", "context.commands().register(\"future.run\", i -> \"ran\");", null),
                builtIn.resolve("future.jar"));
        Files.copy(simple("nomain", "^1.0.0", "test.nomain.Missing", null, "yes"), builtIn.resolve("nomain.jar"));
        Files.copy(simple("notanext", "^1.0.0", "test.notanext.Other", null, "yes"), builtIn.resolve("notanext.jar"));
        Files.copy(TestJars.builder(build()).manifest("{\"id\": \"Bad Id\"}").build(base.resolve("jars/badmanifest.jar")),
                builtIn.resolve("badmanifest.jar"));
        Files.writeString(builtIn.resolve("garbage.jar"), "not a zip");
        Files.copy(simple("fine", "^1.0.0", "test.fine.Main",
                "context.commands().register(\"fine.run\", i -> \"fine\"); "
                + "context.commands().register(\"fine.crash\", i -> { throw new NullPointerException(\"oops\"); });", null),
                builtIn.resolve("fine.jar"));
        Files.copy(simple("other", "^1.0.0", "test.other.Main", "context.commands().register(\"other.run\", i -> \"other\");", null),
                builtIn.resolve("other.jar"));

        try (var server = ExtensionTestServer.start(base, builtIn, Duration.ofSeconds(10)); RpcClient rpc = server.rpc()) {
            awaitState(rpc, "fine", "active");
            awaitState(rpc, "thrower", "failed");
            assertThat(find(rpc, "thrower").get("failure").asText())
                    .isEqualTo("Failed while activating: IllegalStateException: no config here");
            assertThat(find(rpc, "future").get("state").asText()).isEqualTo("failed");
            assertThat(find(rpc, "future").get("failure").asText())
                    .isEqualTo("Needs extension API ^2.0.0; this server has " + dev.stratus.extension.api.ExtensionApi.VERSION);
            assertThat(find(rpc, "nomain").get("failure").asText()).contains("ClassNotFoundException", "test.nomain.Missing");
            assertThat(find(rpc, "notanext").get("failure").asText()).contains("does not implement dev.stratus.extension.api.Extension");
            assertThat(find(rpc, "badmanifest").get("failure").asText()).contains("id must be lower-case");
            assertThat(find(rpc, "garbage").get("failure").asText()).contains("not a readable jar");
            // A failed extension's command answers Unavailable; the others answer.
            assertThat(rpc.errorCode("commands/execute", Map.of("command", "thrower.run"))).isEqualTo(1009);
            assertThat(rpc.result("commands/execute", Map.of("command", "other.run")).get("result").asText()).isEqualTo("other");

            // A handler throwing something unexpected: an internal error for the caller, the extension failed.
            JsonNode crash = rpc.call("commands/execute", Map.of("command", "fine.crash"));
            assertThat(crash.get("error").get("code").asInt()).isEqualTo(-32603);
            assertThat(crash.get("error").get("message").asText()).startsWith("Internal error (incident ").doesNotContain("oops");
            assertThat(find(rpc, "fine").get("state").asText()).isEqualTo("failed");
            assertThat(find(rpc, "fine").get("failure").asText()).isEqualTo("Failed while running fine.crash: NullPointerException: oops");
            assertThat(rpc.errorCode("commands/execute", Map.of("command", "fine.run"))).isEqualTo(1009);
            assertThat(rpc.result("commands/execute", Map.of("command", "other.run")).get("result").asText()).isEqualTo("other");
            assertThat(rpc.result("extensions/contributions", Map.of()).get("commands").toString())
                    .contains("other.run").doesNotContain("thrower.run", "fine.run");
        }
    }

    @Test
    void aToolThatCrashesIsAnErrorForItsCallerNotACrashOfTheCallingExtension() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        Files.copy(simple("crashy", "^1.0.0", "test.crashy.Main",
                "context.aiTools().register(new AiTool(\"crash_now\", \"Crashes\", \"{\\\"type\\\": \\\"object\\\"}\", false, "
                + "call -> { throw new NullPointerException(\"/srv/secret/path\"); }));", null), builtIn.resolve("crashy.jar"));
        // The caller is what the AI assistant is to a contributed tool: it catches the API's ExtensionException and goes on.
        Files.copy(simple("agent", "^1.0.0", "test.agent.Main",
                "context.commands().register(\"agent.run\", i -> { try { return context.aiTools().call(i.caller(), \"crash_now\", \"{}\"); } "
                + "catch (ExtensionException e) { return e.reason() + \": \" + e.getMessage(); } });", null), builtIn.resolve("agent.jar"));
        try (var server = ExtensionTestServer.start(base, builtIn, Duration.ofSeconds(10)); RpcClient rpc = server.rpc()) {
            awaitState(rpc, "crashy", "active");
            awaitState(rpc, "agent", "active");

            String told = rpc.result("commands/execute", Map.of("command", "agent.run")).get("result").asText();

            assertThat(told).isEqualTo("UNAVAILABLE: The tool crash_now failed; the server log says why");
            assertThat(find(rpc, "agent").get("state").asText()).isEqualTo("active");
            assertThat(find(rpc, "crashy").get("state").asText()).isEqualTo("failed");
        }
    }

    @Test
    void aFailedExtensionsCallersAreToldItFailedWithoutItsReasonsServerPaths() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        Files.copy(simple("store", "^1.0.0", "test.store.Main",
                "throw new IllegalStateException(\"records are missing; verify /srv/stratus-data/store/log.jsonl\");", null),
                builtIn.resolve("store.jar"));
        try (var server = ExtensionTestServer.start(base, builtIn, Duration.ofSeconds(10)); RpcClient rpc = server.rpc()) {
            awaitState(rpc, "store", "failed");
            var http = server.http("GET", "/api/ext/store/anything", null, ExtensionTestServer.AUTH);
            assertThat(http.statusCode()).isEqualTo(503);
            assertThat(http.body()).contains("store").contains("failed").doesNotContain("/srv/stratus-data");
            JsonNode r = rpc.call("commands/execute", Map.of("command", "store.run"));
            assertThat(r.get("error").get("code").asInt()).isEqualTo(1009);
            assertThat(r.get("error").get("message").asText()).doesNotContain("/srv/stratus-data");
            // The operator's view keeps the reason.
            assertThat(find(rpc, "store").get("failure").asText()).contains("/srv/stratus-data/store/log.jsonl");
        }
    }

    @Test
    void onlyAnAdministratorSeesWhyAnExtensionFailed() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        Files.copy(simple("store", "^1.0.0", "test.store.Main",
                "throw new IllegalStateException(\"cannot open /srv/stratus-data/store/log.jsonl\");", null),
                builtIn.resolve("store.jar"));
        Files.copy(simple("future", "^2.0.0", "test.future.Main", "", null), builtIn.resolve("future.jar"));
        Files.writeString(builtIn.resolve("garbage.jar"), "not a zip");
        Files.copy(simple("fine", "^1.0.0", "test.fine.Main", "", null), builtIn.resolve("fine.jar"));
        try (var server = ExtensionTestServer.start(base, builtIn, Duration.ofSeconds(10));
             RpcClient admin = server.rpc(); RpcClient user = server.rpc(server.userAuth("dana"))) {
            awaitState(admin, "store", "failed");
            awaitState(admin, "fine", "active");
            assertThat(find(admin, "store").get("failure").asText())
                    .isEqualTo("Failed while activating: IllegalStateException: cannot open /srv/stratus-data/store/log.jsonl");
            assertThat(find(admin, "garbage").get("failure").asText()).contains("not a readable jar");

            String listed = user.result("extensions/list", Map.of()).toString();
            assertThat(listed).doesNotContain("/srv/stratus-data", "IllegalStateException", "not a readable jar",
                    builtIn.toString(), base.toString());
            for (String id : new String[] {"store", "future", "garbage"}) {
                JsonNode e = find(user, id);
                assertThat(e.get("state").asText()).isEqualTo("failed");
                assertThat(e.get("failure").asText()).isEqualTo("The extension failed; an administrator can see why");
            }
            // What is not a failure is listed alike for everyone.
            assertThat(find(user, "fine")).isEqualTo(find(admin, "fine"));
            assertThat(find(user, "fine").has("failure")).isFalse();
        }
    }

    @Test
    void aSlowHandlerIsCutOffAtTheTimeLimitAndTheExtensionGoesOn() throws Exception {
        Path jar = simple("slow", "^1.0.0", "test.slow.Main",
                "context.commands().register(\"slow.run\", i -> { Thread.sleep(60_000); return \"late\"; }); "
                + "context.commands().register(\"slow.quick\", i -> \"quick\");", null);
        try (var server = ExtensionTestServer.start(base, null, Duration.ofMillis(500)); RpcClient rpc = server.rpc()) {
            server.install(jar, "slow.jar");
            long start = System.nanoTime();
            JsonNode r = rpc.call("commands/execute", Map.of("command", "slow.run"), Duration.ofSeconds(30));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.get("error").get("code").asInt()).isEqualTo(1009);
            assertThat(r.get("error").get("message").asText()).contains("did not finish running slow.run within 500 ms");
            assertThat(millis).as("ms until the slow call was cut off").isLessThan(20_000);
            assertThat(rpc.result("commands/execute", Map.of("command", "slow.quick")).get("result").asText()).isEqualTo("quick");
            assertThat(find(rpc, "slow").get("state").asText()).isEqualTo("active");
        }
    }
}
