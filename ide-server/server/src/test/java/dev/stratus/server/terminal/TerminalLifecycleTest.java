package dev.stratus.server.terminal;

import static dev.stratus.server.terminal.TerminalServiceRpcTest.alive;
import static dev.stratus.server.terminal.TerminalServiceRpcTest.pid;
import static dev.stratus.server.terminal.TerminalSocketClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.protocol.ErrorCodes;
import dev.stratus.server.support.RpcClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Terminals outlive their sockets for the grace time, then are reaped; the per-workspace limit. */
class TerminalLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofMillis(400);

    @Test
    void aTerminalOutlivesItsSocketsForTheGraceTimeThenItsProcessesAreReaped(@TempDir Path base) throws Exception {
        try (var server = TerminalTestServer.start(base, TerminalConfig.defaults().withGraceTime(GRACE));
             RpcClient rpc = server.rpc()) {
            String id = TerminalTestServer.create(rpc);
            long shell = TerminalTestServer.info(rpc, id).get("pid").asLong();
            long job;
            try (var socket = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
                socket.input("sleep 1000 & echo JOB=$!\r");
                await(() -> Pattern.compile("JOB=\\d+").matcher(socket.text()).find(), WAIT, "the background job");
                job = pid(socket, "JOB=(\\d+)");
                // Attached for several grace times: nothing is reaped while a socket shows the terminal.
                Thread.sleep(GRACE.toMillis() * 4);
                assertThat(alive(shell)).isTrue();
                assertThat(TerminalTestServer.info(rpc, id)).isNotNull();
            }
            // Detached: a reload within the grace time finds it again, and resets the clock.
            try (var reload = server.attach(id, 0, TerminalSocketClient.Mode.ACK_ALL)) {
                reload.awaitOutput("JOB=", WAIT);
            }
            await(() -> !alive(shell) && !alive(job), WAIT, "the terminal's processes to be reaped");
            await(() -> {
                try {
                    return TerminalTestServer.info(rpc, id) == null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, WAIT, "the terminal to leave the list");
            assertThat(rpc.errorCode("terminal/resize", Map.of("terminalId", id, "cols", 80, "rows", 24))).isEqualTo(ErrorCodes.NOT_FOUND);
        }
    }

    @Test
    void aTerminalNoSocketEverShowedIsReapedToo(@TempDir Path base) throws Exception {
        try (var server = TerminalTestServer.start(base, TerminalConfig.defaults().withGraceTime(GRACE));
             RpcClient rpc = server.rpc()) {
            String id = TerminalTestServer.create(rpc);
            long shell = TerminalTestServer.info(rpc, id).get("pid").asLong();
            await(() -> !alive(shell), WAIT, "the unattached shell to be reaped");
        }
    }

    @Test
    void pastTheLimitCreateIsRateLimitedUntilOneIsClosed(@TempDir Path base) throws Exception {
        try (var server = TerminalTestServer.start(base, TerminalConfig.defaults().withMaxTerminalsPerWorkspace(2));
             RpcClient rpc = server.rpc(); RpcClient other = server.rpc()) {
            String a = TerminalTestServer.create(rpc);
            TerminalTestServer.create(other);
            // The limit is per workspace, whichever connection asks.
            assertThat(rpc.errorCode("terminal/create", Map.of("cols", 80, "rows", 24))).isEqualTo(ErrorCodes.RATE_LIMITED);
            assertThat(other.errorCode("terminal/create", Map.of("cols", 80, "rows", 24))).isEqualTo(ErrorCodes.RATE_LIMITED);
            assertThat(rpc.result("terminal/list", Map.of()).get("terminals").size()).isEqualTo(2);
            rpc.result("terminal/close", Map.of("terminalId", a));
            TerminalTestServer.create(rpc);
            assertThat(other.result("terminal/list", Map.of()).get("terminals").size()).isEqualTo(2);
        }
    }

    @Test
    void stoppingTheServerEndsEveryTerminal(@TempDir Path base) throws Exception {
        long shell;
        try (var server = TerminalTestServer.start(base, TerminalConfig.defaults()); RpcClient rpc = server.rpc()) {
            String id = TerminalTestServer.create(rpc);
            shell = TerminalTestServer.info(rpc, id).get("pid").asLong();
            assertThat(alive(shell)).isTrue();
        }
        await(() -> !alive(shell), WAIT, "the shell to end with the server");
    }
}
