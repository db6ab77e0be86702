package dev.stratus.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.governance.RedactionConfig;
import dev.stratus.ai.governance.Redactor;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.ChatRequest;
import dev.stratus.ai.model.ToolCall;
import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.WorkspaceTerminals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the model gets back from the assistant's own tools. The workspace is a real folder and
 * commands really run; what the host adds (keeping the last {@link
 * WorkspaceTerminals.CommandResult#MAX_OUTPUT_CHARS} characters of a command's output) is done
 * here as its API documents it.
 */
class ChatToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller ALICE = ToolFixtures.ALICE;
    private static final String KEY = "sk-proj-AbCdEf1234567890XyZaBcDeFgH12";
    private static final String OTHER = "sk-proj-ZzYyXx0987654321AaBbCcDdEeFf99";
    /** What a tool result may hold (ChatTools' limit), give or take its header and marker. */
    private static final int RESULT_CHARS = 20_000;

    @TempDir
    Path root;

    private final List<AiProtocol.ToolStep> steps = new CopyOnWriteArrayList<>();
    private ChatTools tools;
    private final Redactor redactor = new Redactor(RedactionConfig.defaults());

    private ChatTools tools() {
        tools = new ChatTools(new ToolFixtures.FolderSession(root), new ToolFixtures.NoTools(), ToolFixtures.stepsTo(step -> {
            steps.add(step);
            if (step.state().equals("pending")) {
                // The user approves every command in these tests.
                tools.decide(step.requestId(), step.callId(), step.step(), step.index(), true);
            }
        }), true, this::redact);
        return tools;
    }

    private String redact(String text) {
        return redactor.redact(new ChatRequest(List.of(ChatMessage.user(text)), List.of(), null, null)).request().messages().get(0).content();
    }

    private String call(String name, String argumentsJson) {
        return tools().run("r1", 1, ALICE, List.of(new ToolCall("c1", name, argumentsJson))).getFirst();
    }

    private String command(String command) {
        try {
            return call(ChatTools.RUN_COMMAND, JSON.writeValueAsString(Map.of("command", command)));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Models that number call ids per answer repeat them: each call is asked about on its own,
     * named by its step and index, and an answer (sent twice, say) decides one call only.
     */
    @Test
    void callsSharingAnIdAreApprovedOneByOneAndAnAnswerDecidesOneCallOnly() throws Exception {
        List<AiProtocol.ToolStep> seen = new CopyOnWriteArrayList<>();
        BlockingQueue<AiProtocol.ToolStep> waiting = new LinkedBlockingQueue<>();
        ChatTools t = new ChatTools(new ToolFixtures.FolderSession(root), new ToolFixtures.NoTools(), ToolFixtures.stepsTo(step -> {
            seen.add(step);
            if (step.state().equals("pending")) {
                waiting.add(step);
            }
        }), true, this::redact);
        List<ToolCall> calls = IntStream.of(1, 2, 3).mapToObj(i -> new ToolCall("call_0", ChatTools.RUN_COMMAND,
                "{\"command\": \"echo run-" + i + "\"}")).toList();
        var results = java.util.concurrent.CompletableFuture.supplyAsync(() -> t.run("r1", 2, ALICE, calls));

        AiProtocol.ToolStep first = waiting.poll(10, TimeUnit.SECONDS);
        assertThat(first).extracting(AiProtocol.ToolStep::step, AiProtocol.ToolStep::index).containsExactly(2, 0);
        assertThat(t.decide("r1", "call_0", 2, 1, true)).as("the second call does not wait yet").isFalse();
        assertThat(t.decide("r1", "call_0", 2, 0, true)).isTrue();
        AiProtocol.ToolStep second = waiting.poll(10, TimeUnit.SECONDS);
        assertThat(second).extracting(AiProtocol.ToolStep::step, AiProtocol.ToolStep::index).containsExactly(2, 1);
        assertThat(t.decide("r1", "call_0", 2, 0, true)).as("the first call's answer again").isFalse();
        assertThat(t.decide("r1", "call_0", 1, 1, true)).as("another step's call").isFalse();
        assertThat(t.decide("r1", "call_1", 2, 1, true)).as("another id").isFalse();
        assertThat(t.decide("r2", "call_0", 2, 1, true)).as("another request").isFalse();
        Thread.sleep(200);
        assertThat(results).isNotDone();
        assertThat(t.decide("r1", "call_0", 2, 1, false)).isTrue();
        waiting.poll(10, TimeUnit.SECONDS);
        // A client that does not name the step answers the one call waiting with that id.
        assertThat(t.decide("r1", "call_0", null, null, true)).isTrue();

        assertThat(results.get(20, TimeUnit.SECONDS)).containsExactly("Exit code 0\nrun-1\n", "The user denied this call.",
                "Exit code 0\nrun-3\n");
        assertThat(seen).extracting(s -> s.step() + "/" + s.index() + " " + s.state()).containsExactly(
                "2/0 pending", "2/0 running", "2/0 done", "2/1 pending", "2/1 denied", "2/2 pending", "2/2 running", "2/2 done");
    }

    @Test
    void longCommandOutputKeepsItsEndWithTheExitCode() {
        String result = command("seq 1 30000; echo BUILD FAILURE >&2; exit 3");

        List<String> lines = result.lines().toList();
        assertThat(lines.get(0)).isEqualTo("Exit code 3; only the end of the output is shown");
        assertThat(lines.get(1)).matches("\\[more than \\d+ earlier characters left out]");
        assertThat(lines.getLast()).isEqualTo("BUILD FAILURE");
        assertThat(lines.get(lines.size() - 2)).isEqualTo("30000");
        // Whole lines from the cut on, in order up to the last.
        int first = Integer.parseInt(lines.get(2));
        assertThat(lines.subList(2, lines.size() - 1))
                .containsExactlyElementsOf(IntStream.rangeClosed(first, 30000).mapToObj(Integer::toString).toList());
        assertThat(result.length()).isBetween(RESULT_CHARS - 2_000, RESULT_CHARS);
        assertThat(result).doesNotContain("[cut at");
        assertThat(steps.getLast().state()).isEqualTo("done");
        assertThat(steps.getLast().result()).isEqualTo(result);
    }

    @Test
    void outputCutOnlyHereSaysExactlyHowMuchWasLeftOut() {
        // About 30,000 characters: more than a result holds, less than the host keeps.
        String result = command("seq 100001 105000");

        List<String> lines = result.lines().toList();
        assertThat(lines.get(0)).isEqualTo("Exit code 0; only the end of the output is shown");
        long leftOut = Long.parseLong(lines.get(1).replaceAll("\\[(\\d+) earlier characters left out]", "$1"));
        int first = Integer.parseInt(lines.get(2));
        assertThat(leftOut).isEqualTo(7L * (first - 100001));
        assertThat(lines.getLast()).isEqualTo("105000");
    }

    @Test
    void aLongLastLineIsCutWhereItIsNotDropped() {
        String result = command("echo first; head -c 50000 /dev/zero | tr '\\0' x; echo; printf ok");

        List<String> lines = result.lines().toList();
        assertThat(lines.get(1)).matches("\\[\\d+ earlier characters left out]");
        assertThat(lines.get(2)).matches("x{15000,}");
        assertThat(lines.getLast()).isEqualTo("ok");
    }

    @Test
    void shortCommandOutputIsWhole() {
        String result = command("seq 1 3; exit 1");

        assertThat(result).isEqualTo("Exit code 1\n1\n2\n3\n");
    }

    /**
     * The model read the file redacted and proposes it back with one line changed: the user
     * reviews (and Save writes) the file's real key, which never goes back to the model.
     */
    @Test
    void aProposedEditGetsTheFilesSecretsBackBeforeTheUserReviewsIt() throws IOException {
        String env = "API_KEY=" + KEY + "\nPORT=8080\nDEBUG=false\n";
        Files.writeString(root.resolve(".env"), env);
        String seen = call("read_file", "{\"path\": \".env\"}");
        String redacted = redact(seen);
        assertThat(redacted).isEqualTo("API_KEY=[REDACTED:openai-key]\nPORT=8080\nDEBUG=false\n");

        String result = call(ChatTools.PROPOSE_EDIT, JSON.writeValueAsString(
                Map.of("path", ".env", "content", redacted.replace("DEBUG=false", "DEBUG=true"))));

        assertThat(result).isEqualTo("Proposed a change of .env (line 3: 1 line becomes 1); the user reviews it as a diff and decides."
                + " It is not applied yet.");
        AiProtocol.ToolStep done = steps.getLast();
        assertThat(done.state()).isEqualTo("done");
        assertThat(done.edit()).isEqualTo(new AiProtocol.Edit(".env", env, env.replace("DEBUG=false", "DEBUG=true")));
        assertThat(Files.readString(root.resolve(".env"))).isEqualTo(env);
    }

    /** Two keys and one placeholder left: which key it stands for is a guess, so nothing is offered, and both hear why. */
    @Test
    void aProposedEditWhoseSecretsCannotBePlacedIsRefused() throws IOException {
        String env = "A=" + KEY + "\nB=" + OTHER + "\nDEBUG=false\n";
        Files.writeString(root.resolve(".env"), env);

        String result = call(ChatTools.PROPOSE_EDIT, JSON.writeValueAsString(
                Map.of("path", ".env", "content", "B=[REDACTED:openai-key]\nDEBUG=true\n")));

        assertThat(result).startsWith("Error: Not proposed: the content changes where .env holds secrets the model was not shown"
                + " (openai-key)").doesNotContain(KEY).doesNotContain(OTHER);
        AiProtocol.ToolStep failed = steps.getLast();
        assertThat(failed.state()).isEqualTo("failed");
        assertThat(failed.result()).isEqualTo(result.substring("Error: ".length()));
        assertThat(failed.edit()).isNull();
        assertThat(Files.readString(root.resolve(".env"))).isEqualTo(env);
    }

    /**
     * The model read the file, then it changed on disk (the user saved, a formatter ran): a
     * proposal made from what the model read would undo that change in the review, so the model
     * is told to read the file again, and the user is offered nothing that reverts their change.
     */
    @Test
    void aProposalOfAFileChangedSinceTheModelReadItIsRefusedUntilItIsReadAgain() throws IOException {
        Files.writeString(root.resolve("notes.txt"), "one\ntwo\nthree\n");
        ChatTools t = tools();
        assertThat(t.run("r1", 1, ALICE, List.of(new ToolCall("c1", "read_file", "{\"path\": \"notes.txt\"}"))))
                .containsExactly("one\ntwo\nthree\n");
        Files.writeString(root.resolve("notes.txt"), "ONE\ntwo\nthree\n");
        String proposal = JSON.writeValueAsString(Map.of("path", "notes.txt", "content", "one\ntwo\nTHREE\n"));

        String result = t.run("r1", 2, ALICE, List.of(new ToolCall("c2", ChatTools.PROPOSE_EDIT, proposal))).getFirst();

        assertThat(result).isEqualTo("Error: Not proposed: notes.txt changed since you read it. Read it again and propose"
                + " your change of what it holds now.");
        assertThat(steps.getLast().state()).isEqualTo("failed");
        assertThat(steps.getLast().edit()).isNull();

        t.run("r1", 3, ALICE, List.of(new ToolCall("c3", "read_file", "{\"path\": \"notes.txt\"}")));
        String again = JSON.writeValueAsString(Map.of("path", "notes.txt", "content", "ONE\ntwo\nTHREE\n"));
        t.run("r1", 4, ALICE, List.of(new ToolCall("c4", ChatTools.PROPOSE_EDIT, again)));
        assertThat(steps.getLast().edit()).isEqualTo(new AiProtocol.Edit("notes.txt", "ONE\ntwo\nthree\n", "ONE\ntwo\nTHREE\n"));
        // Another request never read it: its proposal is made of the file as it is.
        t.run("r2", 1, ALICE, List.of(new ToolCall("c5", ChatTools.PROPOSE_EDIT, proposal)));
        assertThat(steps.getLast().state()).isEqualTo("done");
        assertThat(Files.readString(root.resolve("notes.txt"))).isEqualTo("ONE\ntwo\nthree\n");
    }

    @Test
    void lastCharsNeverSplitsACharacter() {
        String s = "a".repeat(10) + "\uD83D\uDE00".repeat(10);

        assertThat(ChatTools.lastChars(s, 5)).isEqualTo("\uD83D\uDE00".repeat(2));
        assertThat(ChatTools.lastChars(s, 100)).isEqualTo(s);
    }

    @Test
    void filesListingsAndSearchesKeepTheirBeginning() throws IOException {
        // Lines long enough that the 200 matches a search returns are more than a result holds.
        String numbered = IntStream.rangeClosed(1, 10_000).mapToObj(i -> "line " + i + ": " + "text ".repeat(25))
                .collect(Collectors.joining("\n"));
        Files.writeString(root.resolve("big.txt"), numbered);
        Files.createDirectory(root.resolve("many"));
        for (int i = 0; i < 2_000; i++) {
            Files.writeString(root.resolve("many/file-with-a-rather-long-name-" + i + ".txt"), "");
        }

        String read = call("read_file", "{\"path\": \"big.txt\"}");
        assertThat(read).startsWith("line 1: text").endsWith("\n[cut at 20000 characters]").doesNotContain("line 10000");

        String list = call("list_files", "{\"path\": \"many\"}");
        assertThat(list).startsWith("many/file-with-a-rather-long-name-0.txt\n").endsWith("\n[cut at 20000 characters]");

        String search = call("search", "{\"query\": \"line\"}");
        assertThat(search).startsWith("big.txt:1: line 1: text").endsWith("\n[cut at 20000 characters]");
    }

    @Test
    void readingNeedsAPathAndABinaryFileIsNamedNotSent() throws IOException {
        assertThat(call("read_file", "{}")).isEqualTo("Error: read_file needs a path: a file, relative to the workspace's root");
        Files.writeString(root.resolve("data.bin"), "header\0\0\0payload");
        assertThat(call("read_file", "{\"path\": \"data.bin\"}")).isEqualTo("data.bin is a binary file; its content is not shown");
        Files.writeString(root.resolve("text.txt"), "plain\n");
        assertThat(call("read_file", "{\"path\": \"text.txt\"}")).isEqualTo("plain\n");
    }

    /** A search without its text would find nothing and say so: the model is told what it left out instead. */
    @Test
    void aSearchNeedsItsText() throws IOException {
        Files.writeString(root.resolve("big.txt"), "line 1\n");
        assertThat(call("search", "{}")).isEqualTo("Error: search needs a query: the text to look for");
        assertThat(call("search", "{\"query\": \"\", \"regex\": true}")).isEqualTo("Error: search needs a query: the text to look for");
        assertThat(steps.getLast().state()).isEqualTo("failed");
        assertThat(call("search", "{\"query\": \"line\"}")).isEqualTo("big.txt:1: line 1\n");
    }

    @Test
    void aProposalWhoseFileCannotBeRedactedFailsItsStepNotTheAnswer() throws IOException {
        Files.writeString(root.resolve("big.env"), "API_KEY=" + KEY + "\n");
        ChatTools t = new ChatTools(new ToolFixtures.FolderSession(root), new ToolFixtures.NoTools(), ToolFixtures.stepsTo(steps::add), true, text -> {
            throw new dev.stratus.ai.engine.AiFailure(dev.stratus.ai.engine.AiFailure.BLOCKED, "redaction timed out");
        });
        String result = t.run("r1", 1, ALICE, List.of(new ToolCall("c1", ChatTools.PROPOSE_EDIT,
                "{\"path\": \"big.env\", \"content\": \"API_KEY=[REDACTED:openai-key]\\nDEBUG=true\\n\"}"))).getFirst();
        assertThat(result).isEqualTo("Error: Not proposed: redaction timed out");
        assertThat(steps.getLast().state()).isEqualTo("failed");
        assertThat(Files.readString(root.resolve("big.env"))).isEqualTo("API_KEY=" + KEY + "\n");
    }
}
