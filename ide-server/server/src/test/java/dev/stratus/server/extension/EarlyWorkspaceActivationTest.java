package dev.stratus.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.auth.Principal;
import dev.stratus.server.workspace.Workspace;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace opened while the server was still loading its extensions (a tab that connected as
 * the server started): the extensions waiting for a workspace are activated once loaded, not
 * only when the next workspace opens.
 */
class EarlyWorkspaceActivationTest {
    @TempDir
    Path base;

    @Test
    void anExtensionWaitingForAWorkspaceOpenedBeforeItWasLoadedIsActivatedWhenLoaded() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        TestJars.builder(Files.createDirectories(base.resolve("build")))
                .manifest(TestJars.manifest("early", "^1.0.0", "", "\"onWorkspaceOpened\"", ""))
                .source("test.early.Main", """
                        package test.early;
                        import dev.stratus.extension.api.*;
                        public class Main implements Extension {
                            public void activate(ExtensionContext context) { }
                        }
                        """)
                .build(builtIn.resolve("early.jar"));
        SettingsStore settings = new SettingsStore() {
            @Override
            public Map<String, String> values(Scope scope, String ownerId) {
                return Map.of();
            }

            @Override
            public void put(Scope scope, String ownerId, String key, String json) {
            }
        };
        Object client = Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {dev.stratus.protocol.extension.ExtensionClient.class, dev.stratus.protocol.extension.SettingsClient.class},
                (proxy, method, args) -> null);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (ExtensionHost host = new ExtensionHost(new ExtensionConfig(builtIn, base.resolve("installed"), Duration.ofSeconds(10)),
                settings, null)) {
            // The tab connects first; its activation runs and finds no extension loaded yet.
            new ExtensionConnection(host, new Workspace("ws", "ws", base), new Principal("u1", "admin", "admin", true), client, executor);
            executor.submit(() -> { }).get();

            host.start();

            assertThat(host.list()).singleElement().extracting(ExtensionSnapshot::state).isEqualTo("active");
        } finally {
            executor.shutdownNow();
        }
    }
}
