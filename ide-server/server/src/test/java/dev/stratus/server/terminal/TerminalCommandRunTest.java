package dev.stratus.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;
import dev.stratus.server.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands run without a terminal (for extensions' tools): output, exit codes, limits, cleanup. */
class TerminalCommandRunTest {
    @TempDir
    Path base;
    Terminals terminals;
    Workspace workspace;

    @BeforeEach
    void start() throws Exception {
        Path root = Files.createDirectories(base.resolve("ws"));
        Files.createDirectories(root.resolve("sub"));
        workspace = new Workspace("ws", "ws", root.toRealPath());
        terminals = new Terminals(TerminalConfig.defaults(), Map.of("PATH", System.getenv("PATH"), "LANG", "C.UTF-8",
                "GITHUB_TOKEN", "ghp_secretvalue4712", "STRATUS_BOOTSTRAP_TOKEN", "bootstrap-secret-4711"));
    }

    @AfterEach
    void stop() {
        terminals.close();
    }

    @Test
    void returnsTheExitCodeAndBothStreamsInTheFolderAsked() {
        Terminals.CommandRun r = terminals.run(workspace, "pwd; echo out; echo err >&2; exit 3", "sub", Duration.ofSeconds(10));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.output()).isEqualTo(workspace.root().resolve("sub") + "\nout\nerr\n");
        assertThat(r.truncated()).isFalse();
        assertThat(r.timedOut()).isFalse();
    }

    @Test
    void theEnvironmentIsTheTerminalsCleanedOneAndThereIsNoInput() {
        Terminals.CommandRun r = terminals.run(workspace, "env; cat; echo read-done", "", Duration.ofSeconds(10));
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).doesNotContain("GITHUB_TOKEN", "ghp_secretvalue4712", "STRATUS_BOOTSTRAP_TOKEN", "bootstrap-secret-4711")
                .contains("TERM=dumb\n", "LANG=C.UTF-8\n", "HOME=").endsWith("read-done\n");
    }

    @Test
    void keepsTheEndOfALongOutput() {
        Terminals.CommandRun r = terminals.run(workspace, "seq 1 200000", "", Duration.ofSeconds(30));
        assertThat(r.exitCode()).isZero();
        assertThat(r.truncated()).isTrue();
        assertThat(r.output()).hasSizeLessThanOrEqualTo(CommandRunner.MAX_OUTPUT_CHARS).endsWith("199999\n200000\n");
        // The first kept line is whole: the cut is at a line start of the tail or inside one, never garbage.
        assertThat(r.output()).doesNotContain("\uFFFD");
    }

    @Test
    void interruptingTheCallerEndsTheCommandAndEverythingItStarted() throws Exception {
        Path canary = workspace.root().resolve("canary");
        Path started = workspace.root().resolve("started");
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                terminals.run(workspace, "(sleep 2; touch canary) & touch started; sleep 3; touch canary", "", Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(started) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(started).exists();
        caller.interrupt();
        caller.join(Duration.ofSeconds(10));
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(ProtocolException.class);
        assertThat(((ProtocolException) thrown.get()).reason()).isEqualTo(ProtocolError.CANCELLED);
        Thread.sleep(4000);
        assertThat(canary).as("nothing the command started ran on").doesNotExist();
    }

    @Test
    void theTimeLimitEndsTheCommandAndEverythingItStarted() throws Exception {
        Path canary = workspace.root().resolve("canary");
        long started = System.nanoTime();
        Terminals.CommandRun r = terminals.run(workspace, "(sleep 2; touch canary) & echo started; sleep 60",
                "", Duration.ofMillis(500));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).as("ended by a signal").isGreaterThan(128);
        assertThat(r.output()).isEqualTo("started\n");
        Thread.sleep(3000);
        assertThat(canary).doesNotExist();
    }

    @Test
    void whatACommandLeavesRunningInTheBackgroundEndsWithIt() throws Exception {
        Path canary = workspace.root().resolve("background-canary");
        long started = System.nanoTime();
        Terminals.CommandRun r = terminals.run(workspace, "(sleep 2; touch background-canary) & echo left", "", Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).isEqualTo("left\n");
        Thread.sleep(3000);
        assertThat(canary).doesNotExist();
    }

    @Test
    void badInputIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> terminals.run(workspace, "  ", "", Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(ProtocolError.INVALID_PARAMS));
        assertThatThrownBy(() -> terminals.run(workspace, "true", "", Duration.ofMinutes(11)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(ProtocolError.INVALID_PARAMS));
        assertThatThrownBy(() -> terminals.run(workspace, "touch x", "missing", Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(ProtocolError.NOT_FOUND));
        assertThatThrownBy(() -> terminals.run(workspace, "touch x", "../..", Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(ProtocolError.OUTSIDE_WORKSPACE));
        assertThat(workspace.root().resolve("x")).doesNotExist();
    }
}
