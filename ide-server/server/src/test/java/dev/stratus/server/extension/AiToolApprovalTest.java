package dev.stratus.server.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.server.support.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assistant's agent loop with another extension's tool that needs the user's approval: the
 * model calls it, the browser sees the step pending, the user approves (or denies), the result
 * (or the denial) goes back to the model, and the answer continues.
 */
class AiToolApprovalTest {
    @TempDir
    Path base;

    @Test
    void aToolNeedingApprovalRunsOnlyAfterTheUserApprovesAndItsResultReachesTheModel() throws Exception {
        Path builtIn = builtInAssistant();
        TestJars.builder(Files.createDirectories(base.resolve("build")))
                .manifest(TestJars.manifest("danger", "^1.0.0", "", "\"onStartup\"", ""))
                .source("test.danger.Main", """
                        package test.danger;
                        import dev.stratus.extension.api.*;
                        public class Main implements Extension {
                            public void activate(ExtensionContext context) {
                                context.aiTools().register(new AiTool("danger_echo", "Echoes text (pretend it is dangerous)",
                                        "{\\"type\\": \\"object\\", \\"properties\\": {\\"text\\": {\\"type\\": \\"string\\"}}}", true,
                                        call -> "echo: " + call.argumentsJson()));
                            }
                        }
                        """)
                .build(builtIn.resolve("danger.jar"));
        try (ScriptedUpstream upstream = ScriptedUpstream.start()) {
            try (var server = startWithAgent(builtIn, upstream); RpcClient rpc = server.rpc()) {
                ExtensionLifecycleTest.awaitState(rpc, "danger", "active");
                ExtensionLifecycleTest.awaitState(rpc, "ai-assistant", "active");

                upstream.openAi("agent").thenStream(Answer.empty().toolCall("call_1", "danger_echo", "{\"text\":", " \"hi\"}").finish("tool_calls"));
                upstream.openAi("agent").thenStream("The tool said hi.");
                String requestId = rpc.result("ai/chat", Map.of("message", "Please use the danger tool on hi")).get("requestId").asText();
                JsonNode pending = next(rpc, requestId, n -> n.get("method").asText().equals("ai/toolCall")
                        && n.get("params").get("state").asText().equals("pending"));
                assertThat(pending.get("params").get("name").asText()).isEqualTo("danger_echo");
                assertThat(pending.get("params").get("requiresApproval").asBoolean()).isTrue();
                assertThat(upstream.chatRequests()).hasSize(1); // nothing runs, nothing more is asked, before the approval
                rpc.result("ai/approveTool", Map.of("requestId", requestId, "callId", "call_1", "approved", true));
                JsonNode ran = next(rpc, requestId, n -> n.get("method").asText().equals("ai/toolCall")
                        && n.get("params").get("state").asText().equals("done"));
                assertThat(ran.get("params").get("result").asText()).contains("echo: ").contains("hi");
                JsonNode done = next(rpc, requestId, n -> n.get("method").asText().equals("ai/done"));
                assertThat(done.get("params").has("error")).as(done.toString()).isFalse();
                assertThat(upstream.chatRequests().get(1).raw()).contains("echo: ").contains("call_1");

                // Denied: the tool never runs, and the model is told.
                upstream.openAi("agent").thenStream(Answer.empty().toolCall("call_2", "danger_echo", "{\"text\": \"no\"}").finish("tool_calls"));
                upstream.openAi("agent").thenStream("Understood.");
                String second = rpc.result("ai/chat", Map.of("message", "Use it once more")).get("requestId").asText();
                next(rpc, second, n -> n.get("method").asText().equals("ai/toolCall") && n.get("params").get("state").asText().equals("pending"));
                rpc.result("ai/approveTool", Map.of("requestId", second, "callId", "call_2", "approved", false));
                next(rpc, second, n -> n.get("method").asText().equals("ai/toolCall") && n.get("params").get("state").asText().equals("denied"));
                next(rpc, second, n -> n.get("method").asText().equals("ai/done"));
                assertThat(upstream.chatRequests().get(3).raw()).contains("The user denied this call.").doesNotContain("echo: ");
            }
        }
    }

    /**
     * The assistant's own tools beyond reading: run_command always waits for the user and its
     * output reaches the model; a denied command never runs; propose_edit writes nothing and
     * describes the change; diagnostics answers (none here: no language server has run).
     */
    @Test
    void ownToolsRunACommandOnlyAfterApprovalProposeWithoutWritingAndReportDiagnostics() throws Exception {
        Path builtIn = builtInAssistant();
        try (ScriptedUpstream upstream = ScriptedUpstream.start()) {
            try (var server = startWithAgent(builtIn, upstream); RpcClient rpc = server.rpc()) {
                ExtensionLifecycleTest.awaitState(rpc, "ai-assistant", "active");
                Files.writeString(server.workspace.resolve("notes.txt"), "one\ntwo\nthree\n");

                upstream.openAi("agent").thenStream(Answer.empty()
                        .toolCall("call_run", "run_command", "{\"command\": \"echo ran-$((6*7)) > ran.txt; cat ran.txt; exit 4\"}")
                        .finish("tool_calls"));
                upstream.openAi("agent").thenStream("It ran.");
                String requestId = rpc.result("ai/chat", Map.of("message", "Run the thing")).get("requestId").asText();
                JsonNode pending = next(rpc, requestId, n -> n.get("method").asText().equals("ai/toolCall")
                        && n.get("params").get("state").asText().equals("pending"));
                assertThat(pending.get("params").get("requiresApproval").asBoolean()).isTrue();
                Thread.sleep(300);
                assertThat(server.workspace.resolve("ran.txt")).as("nothing runs before the approval").doesNotExist();
                rpc.result("ai/approveTool", Map.of("requestId", requestId, "callId", "call_run", "approved", true));
                JsonNode ran = next(rpc, requestId, n -> n.get("method").asText().equals("ai/toolCall")
                        && n.get("params").get("state").asText().equals("done"));
                assertThat(ran.get("params").get("result").asText()).isEqualTo("Exit code 4\nran-42\n");
                next(rpc, requestId, n -> n.get("method").asText().equals("ai/done"));
                assertThat(upstream.chatRequests().get(1).raw()).contains("Exit code 4").contains("ran-42");

                upstream.openAi("agent").thenStream(Answer.empty()
                        .toolCall("call_deny", "run_command", "{\"command\": \"touch denied-canary\"}").finish("tool_calls"));
                upstream.openAi("agent").thenStream("Fine.");
                String second = rpc.result("ai/chat", Map.of("message", "Run another")).get("requestId").asText();
                next(rpc, second, n -> n.get("method").asText().equals("ai/toolCall") && n.get("params").get("state").asText().equals("pending"));
                rpc.result("ai/approveTool", Map.of("requestId", second, "callId", "call_deny", "approved", false));
                next(rpc, second, n -> n.get("method").asText().equals("ai/done"));
                assertThat(server.workspace.resolve("denied-canary")).doesNotExist();
                assertThat(upstream.chatRequests().get(3).raw()).contains("The user denied this call.");

                upstream.openAi("agent").thenStream(Answer.empty()
                        .toolCall("call_edit", "propose_edit", "{\"path\": \"notes.txt\", \"content\": \"one\\nTWO\\n2b\\nthree\\n\"}")
                        .toolCall("call_new", "propose_edit", "{\"path\": \"tests/notes_test.txt\", \"content\": \"check one\\ncheck two\\n\"}")
                        .toolCall("call_diag", "diagnostics", "{}")
                        .finish("tool_calls"));
                upstream.openAi("agent").thenStream("Proposed.");
                String third = rpc.result("ai/chat", Map.of("message", "Change line two")).get("requestId").asText();
                JsonNode proposed = next(rpc, third, n -> n.get("method").asText().equals("ai/toolCall")
                        && n.get("params").get("name").asText().equals("propose_edit") && n.get("params").get("state").asText().equals("done"));
                assertThat(proposed.get("params").get("requiresApproval").asBoolean()).isFalse();
                assertThat(proposed.get("params").get("result").asText())
                        .isEqualTo("Proposed a change of notes.txt (line 2: 1 line becomes 2); the user reviews it as a diff and decides. It is not applied yet.");
                JsonNode created = next(rpc, third, n -> n.get("method").asText().equals("ai/toolCall")
                        && n.get("params").get("callId").asText().equals("call_new") && n.get("params").get("state").asText().equals("done"));
                assertThat(created.get("params").get("result").asText())
                        .isEqualTo("Proposed a new file tests/notes_test.txt (2 lines); the user reviews it and decides. It is not created yet.");
                JsonNode diagnostics = next(rpc, third, n -> n.get("method").asText().equals("ai/toolCall")
                        && n.get("params").get("name").asText().equals("diagnostics") && n.get("params").get("state").asText().equals("done"));
                assertThat(diagnostics.get("params").get("result").asText()).startsWith("No problems reported");
                next(rpc, third, n -> n.get("method").asText().equals("ai/done"));
                assertThat(Files.readString(server.workspace.resolve("notes.txt"))).isEqualTo("one\ntwo\nthree\n");
                Path newFile = server.workspace.resolve("tests/notes_test.txt");
                assertThat(newFile).doesNotExist();
                // The user creates the proposed file; a second time (or once something is there) is a Conflict.
                Map<String, Object> create = Map.of("requestId", third, "path", "tests/notes_test.txt",
                        "newText", "check one\ncheck two\n", "expectedVersion", "", "baseText", "");
                assertThat(rpc.result("ai/applyEdit", create).get("version").asText())
                        .isEqualTo(rpc.result("fs/stat", Map.of("path", "tests/notes_test.txt")).get("version").asText());
                assertThat(Files.readString(newFile)).isEqualTo("check one\ncheck two\n");
                assertThat(rpc.errorCode("ai/applyEdit", create)).isEqualTo(1003);
                assertThat(Files.readString(newFile)).isEqualTo("check one\ncheck two\n");
            }
        }
    }

    /**
     * Stopping a request while a command waits for approval, or while it runs, ends the request
     * as cancelled, shows the call as stopped, ends the command and what it started, and leaves
     * the assistant working for the next request (a stopped thread once broke the budget ledger
     * for everyone until a restart).
     */
    @Test
    void stoppingDuringAToolCallEndsItAndTheNextRequestIsAnswered() throws Exception {
        Path builtIn = builtInAssistant();
        try (ScriptedUpstream upstream = ScriptedUpstream.start()) {
            try (var server = startWithAgent(builtIn, upstream); RpcClient rpc = server.rpc()) {
                ExtensionLifecycleTest.awaitState(rpc, "ai-assistant", "active");

                upstream.openAi("agent").thenStream(Answer.empty()
                        .toolCall("call_wait", "run_command", "{\"command\": \"touch never-approved\"}").finish("tool_calls"));
                String waiting = rpc.result("ai/chat", Map.of("message", "Run it")).get("requestId").asText();
                next(rpc, waiting, n -> n.get("method").asText().equals("ai/toolCall") && n.get("params").get("state").asText().equals("pending"));
                rpc.result("ai/cancel", Map.of("requestId", waiting));
                next(rpc, waiting, n -> n.get("method").asText().equals("ai/toolCall") && n.get("params").get("state").asText().equals("stopped"));
                JsonNode stopped = next(rpc, waiting, n -> n.get("method").asText().equals("ai/done"));
                assertThat(stopped.get("params").get("error").get("message").asText()).isEqualTo("Cancelled");
                assertThat(server.workspace.resolve("never-approved")).doesNotExist();
                assertThat(upstream.chatRequests()).as("nothing more went to the model").hasSize(1);

                upstream.openAi("agent").thenStream(Answer.empty()
                        .toolCall("call_slow", "run_command", "{\"command\": \"touch started; sleep 3; touch late-canary\"}").finish("tool_calls"));
                String running = rpc.result("ai/chat", Map.of("message", "Run the slow one")).get("requestId").asText();
                next(rpc, running, n -> n.get("method").asText().equals("ai/toolCall") && n.get("params").get("state").asText().equals("pending"));
                rpc.result("ai/approveTool", Map.of("requestId", running, "callId", "call_slow", "approved", true));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!Files.exists(server.workspace.resolve("started")) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                rpc.result("ai/cancel", Map.of("requestId", running));
                next(rpc, running, n -> n.get("method").asText().equals("ai/toolCall") && n.get("params").get("state").asText().equals("stopped"));
                assertThat(next(rpc, running, n -> n.get("method").asText().equals("ai/done")).get("params").get("error").get("message").asText())
                        .isEqualTo("Cancelled");

                upstream.openAi("agent").thenStream("Still here.");
                String after = rpc.result("ai/chat", Map.of("message", "Are you there?")).get("requestId").asText();
                JsonNode done = next(rpc, after, n -> n.get("method").asText().equals("ai/done"));
                assertThat(done.get("params").has("error")).as(done.toString()).isFalse();
                assertThat(upstream.chatRequests()).hasSize(3);
                Thread.sleep(3500);
                assertThat(server.workspace.resolve("late-canary")).as("the stopped command was ended").doesNotExist();
            }
        }
    }

    /**
     * A command waiting for approval when its page is reloaded waits on: the page that takes the
     * answer up (ai/resume) is shown the call pending again, approves it, and the command runs.
     */
    @Test
    void aCommandWaitingForApprovalWhenItsPageWentAwayIsApprovedFromThePageThatTookTheAnswerUp() throws Exception {
        Path builtIn = builtInAssistant();
        try (ScriptedUpstream upstream = ScriptedUpstream.start()) {
            try (var server = startWithAgent(builtIn, upstream); RpcClient rpc = server.rpc()) {
                ExtensionLifecycleTest.awaitState(rpc, "ai-assistant", "active");
                upstream.openAi("agent").thenStream(Answer.empty()
                        .toolCall("call_later", "run_command", "{\"command\": \"echo approved-later > later.txt\"}").finish("tool_calls"));
                upstream.openAi("agent").thenStream("It ran after the reload.");
                String requestId;
                try (RpcClient page = server.rpc()) {
                    requestId = page.result("ai/chat", Map.of("message", "Run it")).get("requestId").asText();
                    next(page, requestId, n -> n.get("method").asText().equals("ai/toolCall")
                            && n.get("params").get("state").asText().equals("pending"));
                }

                rpc.result("ai/resume", Map.of("requestId", requestId));
                next(rpc, requestId, n -> n.get("method").asText().equals("ai/toolCall")
                        && n.get("params").get("state").asText().equals("pending"));
                assertThat(server.workspace.resolve("later.txt")).doesNotExist();
                rpc.result("ai/approveTool", Map.of("requestId", requestId, "callId", "call_later", "approved", true));
                JsonNode ran = next(rpc, requestId, n -> n.get("method").asText().equals("ai/toolCall")
                        && n.get("params").get("state").asText().equals("done"));
                assertThat(ran.get("params").get("result").asText()).isEqualTo("Exit code 0\n");
                JsonNode done = next(rpc, requestId, n -> n.get("method").asText().equals("ai/done"));
                assertThat(done.get("params").has("error")).as(done.toString()).isFalse();
                assertThat(Files.readString(server.workspace.resolve("later.txt"))).isEqualTo("approved-later\n");
            }
        }
    }

    /**
     * The sixth step, the last an answer may take, is asked for without tool calls; a command the
     * model asks for there all the same is neither offered for approval nor run (its output would
     * reach no model), the user is told, and the answer, shown and kept, says where it stopped.
     */
    @Test
    void aCommandAskedForPastTheStepLimitIsNeitherOfferedNorRun() throws Exception {
        Path builtIn = builtInAssistant();
        try (ScriptedUpstream upstream = ScriptedUpstream.start()) {
            try (var server = startWithAgent(builtIn, upstream); RpcClient rpc = server.rpc()) {
                ExtensionLifecycleTest.awaitState(rpc, "ai-assistant", "active");
                for (int i = 1; i <= 5; i++) {
                    upstream.openAi("agent").thenStream(Answer.empty().toolCall("call_" + i, "list_files", "{}").finish("tool_calls"));
                }
                upstream.openAi("agent").thenStream(Answer.empty()
                        .toolCall("call_6", "run_command", "{\"command\": \"touch step-limit-flag\"}").finish("tool_calls"));
                var started = rpc.result("ai/chat", Map.of("message", "Look around, then touch the flag"));
                String requestId = started.get("requestId").asText();
                List<JsonNode> events = new ArrayList<>();
                JsonNode done = next(rpc, requestId, n -> events.add(n) && n.get("method").asText().equals("ai/done"));

                assertThat(done.get("params").has("error")).as(done.toString()).isFalse();
                assertThat(events).filteredOn(n -> n.get("method").asText().equals("ai/toolCall"))
                        .extracting(n -> n.get("params").get("callId").asText()).doesNotContain("call_6");
                assertThat(events).filteredOn(n -> n.get("method").asText().equals("ai/notice")
                                && n.get("params").get("kind").asText().equals("steps"))
                        .extracting(n -> n.get("params").get("message").asText())
                        .containsExactly("This is the last of the 6 steps an answer may take: the model is asked to answer with what it"
                                        + " has found so far, without calling more tools.",
                                "The model asked for a tool call (run_command) past the limit of 6 steps; it was not run.");
                assertThat(server.workspace.resolve("step-limit-flag")).doesNotExist();
                assertThat(upstream.chatRequests()).hasSize(6);
                assertThat(upstream.chatRequests().get(5).json().path("tool_choice").asText()).isEqualTo("none");
                JsonNode kept = rpc.result("ai/conversation", Map.of("conversationId", started.get("conversationId").asText()));
                String stopped = "*The assistant stopped at the limit of 6 steps without a final answer. It had made 5 tool calls"
                        + " (list_files ×5); the calls it asked for last (run_command) were not run. Ask again to go on from here.*";
                assertThat(events).filteredOn(n -> n.get("method").asText().equals("ai/delta"))
                        .extracting(n -> n.get("params").get("text").asText()).as("shown, not only kept").containsExactly(stopped);
                assertThat(kept.get("messages").get(1).get("text").asText()).isEqualTo(stopped);
            }
        }
    }

    /** A built-in folder holding the assistant's jar. */
    private Path builtInAssistant() throws Exception {
        Path builtIn = Files.createDirectories(base.resolve("built-in"));
        Files.copy(Path.of(dev.stratus.ai.AiAssistantExtension.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                builtIn.resolve("ai-assistant.jar"));
        return builtIn;
    }

    /** A server whose assistant has one tool-calling deployment answered by {@code upstream}. */
    private ExtensionTestServer startWithAgent(Path builtIn, ScriptedUpstream upstream) throws Exception {
        Path config = Files.writeString(base.resolve("stratus.yaml"), """
                ai:
                  deployments:
                    - {name: agent, tier: medium, provider: openai, baseUrl: "%s", model: agent, contextTokens: 32000, tools: true}
                  governance:
                    rateLimit: {requestsPerMinute: 0}
                """.formatted(upstream.openAiBaseUrl()));
        return ExtensionTestServer.start(base, builtIn, Duration.ofSeconds(30), config);
    }

    private static JsonNode next(RpcClient rpc, String requestId, java.util.function.Predicate<JsonNode> test) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        List<JsonNode> seen = new ArrayList<>();
        while (System.currentTimeMillis() < deadline) {
            JsonNode n = rpc.nextNotification(deadline - System.currentTimeMillis());
            if (n == null || !requestId.equals(n.path("params").path("requestId").asText())) {
                continue;
            }
            seen.add(n);
            if (test.test(n)) {
                return n;
            }
        }
        throw new AssertionError("not seen; got " + seen);
    }
}
