package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RawWebSocket;
import dev.stratus.server.support.RpcClient;
import dev.stratus.server.websocket.Liveness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life of a relayed language server, on real servers: idle shutdown, the process limit, the
 * crash limit and a reconnect after it, stateChanged notifications, no process left after the
 * server stops, and how a process is started (its folder and environment).
 */
class LspLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path base;

    /** Pings quick enough for a test; the silence leaves room for clangd to start on a busy machine. */
    private static final Liveness.Timing QUICK_PINGS = new Liveness.Timing(Duration.ofMillis(200), Duration.ofSeconds(2));

    private static LspConfig fast() {
        return new LspConfig(Duration.ofMinutes(10), 4, Duration.ofMillis(50), Duration.ofMillis(200), 5,
                Duration.ofMinutes(3), 16 << 20, Duration.ofSeconds(60), Duration.ofSeconds(2), Liveness.Timing.defaults());
    }

    @Test
    void anIdleServerIsShutDownAndTheNextSocketStartsANewOne() throws Exception {
        InstalledLanguageServers.require("clangd");
        try (LspTestServer s = LspTestServer.start(base, fast().withIdleTime(Duration.ofMillis(300))); RpcClient rpc = s.rpc()) {
            long pid;
            try (LspSocketClient c = s.lsp("c")) {
                pid = LspTestServer.awaitReady(rpc, "clangd", -1, WAIT);
                c.closeNormally();
            }
            await(() -> statusOf(rpc, "clangd") == null, "the idle server to be forgotten");
            await(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the idle process to exit");
            List<String> states = states(rpc, "clangd");
            assertThat(states).containsSubsequence("starting", "ready", "stopped");

            try (LspSocketClient again = s.lsp("c")) {
                long next = LspTestServer.awaitReady(rpc, "clangd", pid, WAIT);
                assertThat(next).isNotEqualTo(pid);
            }
        }
    }

    @Test
    void aSocketWhosePeerAnswersNothingIsLetGoAndItsIdleServerWithIt() throws Exception {
        InstalledLanguageServers.require("clangd");
        try (LspTestServer s = LspTestServer.start(base, fast().withIdleTime(Duration.ofMillis(300)).withLiveness(QUICK_PINGS));
             RpcClient rpc = s.rpc();
             RawWebSocket peer = RawWebSocket.upgrade(s.server.baseUri().getPort(), s.lspUri("c").getRawPath(), LspTestServer.AUTH)) {
            peer.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                    + "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}}");
            long pid = LspTestServer.awaitReady(rpc, "clangd", -1, WAIT);
            // The peer (a laptop gone to sleep, say) answers no ping: its socket goes once the
            // silence is up, and the server, left without sockets, once its idle time is.
            await(() -> statusOf(rpc, "clangd") == null, "the silent socket's server to be let go");
            await(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "its process to exit");
            peer.awaitEnd();
        }
    }

    @Test
    void aQuietSocketKeepsItsServer() throws Exception {
        InstalledLanguageServers.require("clangd");
        try (LspTestServer s = LspTestServer.start(base, fast().withIdleTime(Duration.ofMillis(300)).withLiveness(QUICK_PINGS));
             RpcClient rpc = s.rpc(); LspSocketClient c = s.lsp("c")) {
            long pid = LspTestServer.awaitReady(rpc, "clangd", -1, WAIT);
            // Nothing sent for twice the silence that closes a socket: its WebSocket stack answers the pings.
            Thread.sleep(QUICK_PINGS.closeAfterSilence().multipliedBy(2).toMillis());
            assertThat(c.closeCode).isNotDone();
            assertThat(LspTestServer.awaitReady(rpc, "clangd", -1, WAIT)).isEqualTo(pid);
            c.open("x.c", "c", "int x;\n");
            assertThat(c.request("textDocument/hover", Map.of("textDocument", Map.of("uri", LspTestServer.uri("x.c")),
                    "position", Map.of("line", 0, "character", 4))).has("error")).isFalse();
        }
    }

    @Test
    void aServerOverTheWorkspacesLimitIsRefusedWith1013() throws Exception {
        InstalledLanguageServers.require("clangd", "typescript");
        try (LspTestServer s = LspTestServer.start(base, fast().withMaxProcessesPerWorkspace(1));
             LspSocketClient c = s.lsp("c");
             LspSocketClient cpp = s.lsp("cpp");
             LspSocketClient ts = LspSocketClient.connect(s.lspUri("typescript"), LspTestServer.AUTH)) {
            assertThat(ts.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1013);
            assertThat(ts.closeReason.get(10, TimeUnit.SECONDS)).contains("limit of 1 language servers");
            // C and C++ share clangd: the second socket needed no new process.
            cpp.open("x.cpp", "cpp", "int x;\n");
            assertThat(cpp.request("textDocument/hover", Map.of("textDocument", Map.of("uri", LspTestServer.uri("x.cpp")),
                    "position", Map.of("line", 0, "character", 4))).has("error")).isFalse();
        }
    }

    @Test
    void afterFiveQuickCrashesAServerStaysCrashedUntilASocketConnects() throws Exception {
        InstalledLanguageServers.require("clangd");
        try (LspTestServer s = LspTestServer.start(base, fast()); RpcClient rpc = s.rpc(); LspSocketClient c = s.lsp("c")) {
            long pid = -1;
            for (int i = 0; i < 5; i++) {
                pid = LspTestServer.awaitReady(rpc, "clangd", pid, WAIT);
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            }
            await(() -> "crashed".equals(stateOf(rpc, "clangd")), "the server to give up");
            Thread.sleep(500);
            assertThat(stateOf(rpc, "clangd")).isEqualTo("crashed");
            JsonNode refused = c.request("textDocument/hover", Map.of("textDocument", Map.of("uri", LspTestServer.uri("a.c")),
                    "position", Map.of("line", 0, "character", 0)));
            assertThat(refused.at("/error/code").asInt()).isEqualTo(1009);
            assertThat(refused.at("/error/message").asText()).contains("reconnect");

            try (LspSocketClient again = s.lsp("c")) {
                long next = LspTestServer.awaitReady(rpc, "clangd", pid, WAIT);
                assertThat(next).isNotEqualTo(pid);
                again.open("a.c", "c", "int x;\n");
                assertThat(again.request("textDocument/hover", Map.of("textDocument", Map.of("uri", LspTestServer.uri("a.c")),
                        "position", Map.of("line", 0, "character", 4))).has("error")).isFalse();
            }
            assertThat(states(rpc, "clangd")).containsSubsequence("crashed", "restarting", "starting", "ready", "crashed",
                    "starting", "ready");
        }
    }

    @Test
    void stoppingTheServerLeavesNoLanguageServerProcess() throws Exception {
        InstalledLanguageServers.require("typescript", "pyright");
        List<ProcessHandle> processes = new ArrayList<>();
        Files.writeString(Files.createDirectories(base.resolve("data")).resolve("a.ts"), "let a: number = 1;\n");
        LspTestServer s = LspTestServer.start(base, fast());
        try (RpcClient rpc = s.rpc(); LspSocketClient ts = s.lsp("typescript"); LspSocketClient py = s.lsp("python")) {
            ts.open("a.ts", "typescript", "let a: number = 1;\n");
            ts.awaitNotification("textDocument/publishDiagnostics", p -> true, WAIT);
            for (String id : List.of("typescript", "pyright")) {
                ProcessHandle p = ProcessHandle.of(LspTestServer.awaitReady(rpc, id, -1, WAIT)).orElseThrow();
                processes.add(p);
                p.descendants().forEach(processes::add);
            }
            assertThat(processes.size()).as("tsserver runs as children of typescript-language-server").isGreaterThan(2);
        } finally {
            s.close();
        }
        assertThat(processes).allSatisfy(p -> assertThat(p.isAlive()).as("process %d (%s)", p.pid(),
                p.info().commandLine().orElse("?")).isFalse());
    }

    @Test
    void aServerRunsInTheWorkspaceWithOnlyAllowListedEnvironment() throws Exception {
        InstalledLanguageServers.require("clangd");
        try (LspTestServer s = LspTestServer.start(base, fast()); RpcClient rpc = s.rpc(); LspSocketClient c = s.lsp("c")) {
            long pid = LspTestServer.awaitReady(rpc, "clangd", -1, WAIT);
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd"))).isEqualTo(s.workspace.toRealPath());
            String environ = Files.readString(Path.of("/proc/" + pid + "/environ"));
            for (String entry : environ.split("\0")) {
                if (!entry.isEmpty()) {
                    String name = entry.substring(0, entry.indexOf('='));
                    assertThat(LanguageServerEnvironment.PASSED.contains(name) || name.equals("NO_UPDATE_NOTIFIER"))
                            .as("variable %s", name).isTrue();
                }
            }
        }
    }

    private static JsonNode statusOf(RpcClient rpc, String id) {
        try {
            return LspTestServer.status(rpc, id);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String stateOf(RpcClient rpc, String id) {
        JsonNode s = statusOf(rpc, id);
        return s == null ? null : s.get("state").asText();
    }

    /** The states {@code language-servers/stateChanged} reported for {@code id} so far, in order. */
    private static List<String> states(RpcClient rpc, String id) throws InterruptedException {
        List<String> out = new ArrayList<>();
        JsonNode n;
        while ((n = rpc.nextNotification(200)) != null) {
            if (n.get("method").asText().equals("language-servers/stateChanged") && n.at("/params/id").asText().equals(id)) {
                out.add(n.at("/params/state").asText());
            }
        }
        return out;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
