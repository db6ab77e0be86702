package dev.stratus.server.terminal;

import static dev.stratus.server.terminal.TerminalSocketClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.ErrorCodes;
import dev.stratus.server.support.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** terminal/* over a real RPC socket with real shells in real pseudo-terminals, and every error code. */
class TerminalServiceRpcTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path base;
    static TerminalTestServer server;
    static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        server = TerminalTestServer.start(base, TerminalConfig.defaults());
        rpc = server.rpc();
        Files.createDirectories(server.workspace.resolve("sub/deeper"));
    }

    @AfterAll
    static void stop() {
        rpc.close();
        server.close();
    }

    @Test
    void createdTerminalsAreListedWithSizeFolderAndLiveShell() throws Exception {
        String a = rpc.result("terminal/create", Map.of("cols", 100, "rows", 30)).get("terminalId").asText();
        String b = rpc.result("terminal/create", Map.of("cols", 80, "rows", 24, "cwd", "sub/deeper")).get("terminalId").asText();
        assertThat(a).isNotEqualTo(b).matches("[A-Za-z0-9_-]+");
        JsonNode ia = TerminalTestServer.info(rpc, a);
        JsonNode ib = TerminalTestServer.info(rpc, b);
        assertThat(ia.get("cols").asInt()).isEqualTo(100);
        assertThat(ia.get("rows").asInt()).isEqualTo(30);
        assertThat(ia.get("cwd").asText()).isEmpty();
        assertThat(ia.get("running").asBoolean()).isTrue();
        assertThat(ia.has("exitCode") && !ia.get("exitCode").isNull()).isFalse();
        assertThat(ia.get("title").asText()).startsWith("Terminal ");
        assertThat(ib.get("cwd").asText()).isEqualTo("sub/deeper");
        assertThat(ProcessHandle.of(ia.get("pid").asLong()).map(ProcessHandle::isAlive)).contains(true);
        List<String> order = new ArrayList<>();
        rpc.result("terminal/list", Map.of()).get("terminals").forEach(t -> order.add(t.get("terminalId").asText()));
        assertThat(order.indexOf(a)).isLessThan(order.indexOf(b));
        rpc.result("terminal/close", Map.of("terminalId", a));
        rpc.result("terminal/close", Map.of("terminalId", b));
    }

    @Test
    void theShellIsALoginShellInTheRequestedFolder() throws Exception {
        String id = rpc.result("terminal/create", Map.of("cols", 80, "rows", 24, "cwd", "sub", "shell", TerminalTestServer.SH))
                .get("terminalId").asText();
        try (var socket = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            socket.input("pwd; ps -o args= -p $$; echo LOGIN_$((20+22))\r");
            socket.awaitOutput("LOGIN_42", WAIT);
            assertThat(socket.text()).contains(server.workspace.resolve("sub").toRealPath().toString())
                    .contains(TerminalTestServer.SH + " -l");
        } finally {
            rpc.result("terminal/close", Map.of("terminalId", id));
        }
    }

    @Test
    void resizeChangesWhatTheShellSees() throws Exception {
        String id = TerminalTestServer.create(rpc);
        try (var socket = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            socket.input("stty size; echo SIZE_$((1+1))\r");
            socket.awaitOutput("SIZE_2", WAIT);
            assertThat(socket.text()).contains("24 80");
            rpc.result("terminal/resize", Map.of("terminalId", id, "cols", 123, "rows", 45));
            socket.input("stty size; echo SIZE_$((2+2))\r");
            socket.awaitOutput("SIZE_4", WAIT);
            assertThat(socket.text()).contains("45 123");
            JsonNode info = TerminalTestServer.info(rpc, id);
            assertThat(info.get("cols").asInt()).isEqualTo(123);
            assertThat(info.get("rows").asInt()).isEqualTo(45);
        } finally {
            rpc.result("terminal/close", Map.of("terminalId", id));
        }
    }

    @Test
    void renameChangesTheListedTitle() throws Exception {
        String id = TerminalTestServer.create(rpc);
        rpc.result("terminal/rename", Map.of("terminalId", id, "title", "build ✓"));
        assertThat(TerminalTestServer.info(rpc, id).get("title").asText()).isEqualTo("build ✓");
        rpc.result("terminal/close", Map.of("terminalId", id));
    }

    @Test
    void closeEndsTheShellAndEveryProcessItStarted() throws Exception {
        String id = TerminalTestServer.create(rpc);
        long shell = TerminalTestServer.info(rpc, id).get("pid").asLong();
        long job;
        long hupImmune;
        try (var socket = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            socket.input("sleep 1000 & echo JOB=$!\r");
            await(() -> Pattern.compile("JOB=\\d+").matcher(socket.text()).find(), WAIT, "the background job");
            job = pid(socket, "JOB=(\\d+)");
            // A process that ignores SIGHUP, so only the SIGKILL that follows can end it.
            socket.input("(trap '' HUP; exec sleep 1001) & echo IMMUNE=$!\r");
            immuneReady(socket);
            hupImmune = pid(socket, "IMMUNE=(\\d+)");
        }
        assertThat(alive(job)).isTrue();
        assertThat(alive(hupImmune)).isTrue();
        rpc.result("terminal/close", Map.of("terminalId", id));
        await(() -> !alive(shell) && !alive(job) && !alive(hupImmune), Duration.ofSeconds(5), "the terminal's processes to end");
        assertThat(TerminalTestServer.info(rpc, id)).isNull();
        assertThat(rpc.errorCode("terminal/close", Map.of("terminalId", id))).isEqualTo(ErrorCodes.NOT_FOUND);
    }

    @Test
    void aShellThatExitsByItselfTakesItsBackgroundJobsWithIt() throws Exception {
        String id = TerminalTestServer.create(rpc);
        try (var socket = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
            socket.input("(trap '' HUP; exec sleep 1002) & echo IMMUNE=$!\r");
            immuneReady(socket);
            long job = pid(socket, "IMMUNE=(\\d+)");
            socket.input("exit 5\r");
            // The job still holds the terminal open: the exit must be reported anyway.
            assertThat(socket.awaitExit(WAIT).get("code").asInt()).isEqualTo(5);
            await(() -> !alive(job), Duration.ofSeconds(5), "the left-behind job to end");
        }
        assertThat(TerminalTestServer.info(rpc, id).get("running").asBoolean()).isFalse();
        rpc.result("terminal/close", Map.of("terminalId", id));
    }

    private static void immuneReady(TerminalSocketClient socket) throws InterruptedException {
        await(() -> Pattern.compile("IMMUNE=\\d+").matcher(socket.text()).find(), WAIT, "the HUP-immune job");
    }

    @Test
    void anExitingShellIsReportedToEveryConnectedClient() throws Exception {
        try (RpcClient other = server.rpc()) {
            String id = TerminalTestServer.create(rpc);
            try (var socket = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
                socket.input("exit 7\r");
                assertThat(socket.awaitExit(WAIT).get("code").asInt()).isEqualTo(7);
            }
            for (RpcClient c : List.of(rpc, other)) {
                JsonNode n = exitedNotification(c, id);
                assertThat(n.get("params").get("exitCode").asInt()).isEqualTo(7);
            }
            JsonNode info = TerminalTestServer.info(rpc, id);
            assertThat(info.get("running").asBoolean()).isFalse();
            assertThat(info.get("exitCode").asInt()).isEqualTo(7);
            rpc.result("terminal/close", Map.of("terminalId", id));
        }
    }

    private static JsonNode exitedNotification(RpcClient c, String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode n = c.nextNotification(500);
            if (n != null && n.get("method").asText().equals("terminal/exited")
                    && n.get("params").get("terminalId").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no terminal/exited for " + id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x24", "1001x24", "80x0", "80x1001", "-1x24", "80x-5"})
    void badSizesAreInvalidParamsAndStartNothing(String size) throws Exception {
        int before = rpc.result("terminal/list", Map.of()).get("terminals").size();
        String[] cr = size.split("x");
        Map<String, Object> params = Map.of("cols", Integer.parseInt(cr[0]), "rows", Integer.parseInt(cr[1]));
        assertThat(rpc.errorCode("terminal/create", params)).isEqualTo(ErrorCodes.INVALID_PARAMS);
        String id = TerminalTestServer.create(rpc);
        assertThat(rpc.errorCode("terminal/resize", Map.of("terminalId", id, "cols", params.get("cols"), "rows", params.get("rows"))))
                .isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(TerminalTestServer.info(rpc, id).get("cols").asInt()).isEqualTo(80);
        rpc.result("terminal/close", Map.of("terminalId", id));
        assertThat(rpc.result("terminal/list", Map.of()).get("terminals").size()).isEqualTo(before);
    }

    @Test
    void missingParamsAreInvalidParams() throws Exception {
        assertThat(rpc.errorCode("terminal/create", Map.of())).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("terminal/create", null)).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("terminal/resize", Map.of("cols", 10, "rows", 10))).isEqualTo(ErrorCodes.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/usr/bin/env", "/bin/bash -c id", "bash", "/bin/../bin/bash", "/nonexistent/shell", "", "/bin/sh\u0000x"})
    void shellsOutsideTheAllowedListAreRefused(String shell) throws Exception {
        int before = rpc.result("terminal/list", Map.of()).get("terminals").size();
        assertThat(rpc.errorCode("terminal/create", Map.of("cols", 80, "rows", 24, "shell", shell))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.result("terminal/list", Map.of()).get("terminals").size()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../", "/etc", "/", "sub/../..", "..%2f..", "%2e%2e", "sub\\..\\..", "escape", "escape/inner"})
    void foldersOutsideTheWorkspaceAreRefused(String cwd) throws Exception {
        Path outside = Files.createDirectories(base.resolve("outside/inner"));
        Path link = server.workspace.resolve("escape");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, outside.getParent());
        }
        int before = rpc.result("terminal/list", Map.of()).get("terminals").size();
        assertThat(rpc.errorCode("terminal/create", Map.of("cols", 80, "rows", 24, "cwd", cwd))).isEqualTo(ErrorCodes.OUTSIDE_WORKSPACE);
        assertThat(rpc.result("terminal/list", Map.of()).get("terminals").size()).isEqualTo(before);
    }

    @Test
    void aMissingFolderIsNotFoundAndAFileIsNotAFolder() throws Exception {
        Files.writeString(server.workspace.resolve("file.txt"), "x");
        assertThat(rpc.errorCode("terminal/create", Map.of("cols", 80, "rows", 24, "cwd", "nope"))).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(rpc.errorCode("terminal/create", Map.of("cols", 80, "rows", 24, "cwd", "file.txt"))).isEqualTo(ErrorCodes.NOT_A_DIRECTORY);
    }

    @Test
    void unknownTerminalsAreNotFound() throws Exception {
        for (String id : new String[] {"nope", "", "../x"}) {
            assertThat(rpc.errorCode("terminal/resize", Map.of("terminalId", id, "cols", 80, "rows", 24))).isEqualTo(ErrorCodes.NOT_FOUND);
            assertThat(rpc.errorCode("terminal/close", Map.of("terminalId", id))).isEqualTo(ErrorCodes.NOT_FOUND);
            assertThat(rpc.errorCode("terminal/rename", Map.of("terminalId", id, "title", "x"))).isEqualTo(ErrorCodes.NOT_FOUND);
        }
        assertThat(rpc.errorCode("terminal/close", Map.of())).isEqualTo(ErrorCodes.NOT_FOUND);
    }

    @Test
    void badTitlesAreInvalidParamsAndKeepTheOldTitle() throws Exception {
        String id = TerminalTestServer.create(rpc);
        String title = TerminalTestServer.info(rpc, id).get("title").asText();
        Map<String, Object> noTitle = new HashMap<>();
        noTitle.put("terminalId", id);
        assertThat(rpc.errorCode("terminal/rename", noTitle)).isEqualTo(ErrorCodes.INVALID_PARAMS);
        for (String bad : new String[] {"", "   ", "x".repeat(101), "a\u001b]0;evil\u0007", "line\nbreak"}) {
            assertThat(rpc.errorCode("terminal/rename", Map.of("terminalId", id, "title", bad))).as(bad).isEqualTo(ErrorCodes.INVALID_PARAMS);
        }
        assertThat(TerminalTestServer.info(rpc, id).get("title").asText()).isEqualTo(title);
        rpc.result("terminal/close", Map.of("terminalId", id));
    }

    static long pid(TerminalSocketClient socket, String regex) {
        Matcher m = Pattern.compile(regex).matcher(socket.text());
        if (!m.find()) {
            throw new AssertionError("no " + regex + " in output");
        }
        return Long.parseLong(m.group(1));
    }

    static boolean alive(long pid) {
        return ProcessReaper.members(pid, true).contains(pid) || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && !isZombie(pid);
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (Exception e) {
            return false;
        }
    }
}
