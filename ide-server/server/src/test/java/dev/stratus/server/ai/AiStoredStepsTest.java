package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.ai.testing.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An agent run as the conversation keeps it: the text of every step, each tool step where it
 * happened (named by step and index, as the model here gives every call the id call_0, like
 * llama.cpp's server) and a proposal whole, so a reopened conversation shows what was shown
 * live and the next turn's model knows what was said and done. A proposal is kept as the model
 * wrote it, without the file's secrets, which it gets back when it is reviewed again.
 */
class AiStoredStepsTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("agent", "medium", "agent", 32000).withTools())
            .rateLimit(1000).file("notes.txt", "one\ntwo\n");

    @Test
    void aReopenedAnswerHasEveryStepsTextAndToolStepsAndTheNextTurnIsToldOfThem() throws Exception {
        String proposal = "{\"path\": \"notes.txt\", \"content\": \"one\\nTWO\\n\"}";
        ai.upstream().openAi("agent").thenStream(Answer.text("Working on it.").toolCall("call_0", "read_file", "{\"path\": \"notes.txt\"}")
                .finish("tool_calls"));
        ai.upstream().openAi("agent").thenStream(Answer.text("Step 1: looking.").toolCall("call_0", "diagnostics", "{\"path\": \"notes.txt\"}")
                .toolCall("call_0", "list_files", "{}").finish("tool_calls"));
        ai.upstream().openAi("agent").thenStream(Answer.text("Proposing.").toolCall("call_0", "propose_edit", proposal).finish("tool_calls"));
        ai.upstream().openAi("agent").thenStream("Done.");
        List<JsonNode> events = ai.chat(Map.of("message", "Change line two"));
        String requestId = AiTestServer.done(events).get("requestId").asText();
        String conversation = AiTestServer.done(events).get("conversationId").asText();
        assertThat(AiTestServer.done(events).has("error")).as(events.toString()).isFalse();
        List<String> live = new ArrayList<>();
        events.stream().filter(e -> e.get("method").asText().equals("ai/toolCall")).map(e -> e.get("params"))
                .forEach(p -> live.add(p.get("step").asInt() + "/" + p.get("index").asInt() + " " + p.get("name").asText()
                        + " " + p.get("state").asText()));
        assertThat(live).containsExactly("1/0 read_file running", "1/0 read_file done", "2/0 diagnostics running", "2/0 diagnostics done",
                "2/1 list_files running", "2/1 list_files done", "3/0 propose_edit running", "3/0 propose_edit done");

        JsonNode answer = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages").get(1);
        assertThat(answer.get("text").asText()).isEqualTo("Working on it.Step 1: looking.Proposing.Done.");
        assertThat(answer.get("requestId").asText()).isEqualTo(requestId);
        List<String> stored = new ArrayList<>();
        answer.get("steps").forEach(s -> stored.add(s.get("step").asInt() + "/" + s.get("index").asInt() + " " + s.get("name").asText()
                + " " + s.get("state").asText() + " @" + s.get("at").asInt()));
        assertThat(stored).containsExactly("1/0 read_file done @14", "2/0 diagnostics done @30", "2/1 list_files done @30",
                "3/0 propose_edit done @40");
        assertThat(answer.get("steps").get(0).get("result").asText()).isEqualTo("one\ntwo\n");
        assertThat(answer.get("steps").get(3).get("arguments").asText()).isEqualTo(proposal);
        assertThat(answer.get("steps").get(3).get("callId").asText()).isEqualTo("call_0");

        ai.upstream().openAi("agent").thenStream("It is proposed.");
        assertThat(AiTestServer.done(ai.chat(Map.of("conversationId", conversation, "message", "Is it done?"))).has("error")).isFalse();
        JsonNode sent = ai.upstream().chatRequests().getLast().json().get("messages");
        String before = sent.get(sent.size() - 2).get("content").asText();
        assertThat(sent.get(sent.size() - 2).get("role").asText()).isEqualTo("assistant");
        assertThat(before).startsWith("Working on it.\n\n[Tool call read_file {\"path\": \"notes.txt\"}: done. Result: one\ntwo\n]")
                .contains("Step 1: looking.", "[Tool call list_files {}: done", "Proposing.\n\n[Tool call propose_edit")
                .endsWith("Done.");
    }

    /**
     * The model, shown the file redacted, proposes it with the placeholder for its key. The
     * conversation keeps that proposal, and no key; reopened, it gets the file's key back from the
     * file as it is then (rotated since, here), and is refused when which key it stands for is a guess.
     */
    @Test
    void aReopenedProposalGetsTheFilesSecretsBackAndTheConversationKeepsNone() throws Exception {
        String key = "sk-proj-AbCdEf1234567890XyZaBcDeFgH12";
        String rotated = "sk-proj-ZzYyXx0987654321AaBbCcDdEeFf99";
        Path env = ai.server().awaitState().opened().orElseThrow().root().resolve(".env");
        Files.writeString(env, "API_KEY=" + key + "\nDEBUG=false\n");
        String proposal = "{\"path\": \".env\", \"content\": \"API_KEY=[REDACTED:openai-key]\\nDEBUG=true\\n\"}";
        ai.upstream().openAi("agent").thenStream(Answer.text("Proposing.").toolCall("call_0", "propose_edit", proposal).finish("tool_calls"));
        ai.upstream().openAi("agent").thenStream("Done.");
        List<JsonNode> events = ai.chat(Map.of("message", "Turn debugging on in .env"));
        JsonNode done = AiTestServer.done(events);
        assertThat(done.has("error")).as(events.toString()).isFalse();
        JsonNode live = events.stream().filter(e -> e.get("method").asText().equals("ai/toolCall"))
                .map(e -> e.get("params")).filter(p -> p.get("state").asText().equals("done")).findFirst().orElseThrow();
        assertThat(live.get("edit").get("newText").asText()).isEqualTo("API_KEY=" + key + "\nDEBUG=true\n");

        JsonNode answer = ai.rpc().result("ai/conversation", Map.of("conversationId", done.get("conversationId").asText()))
                .get("messages").get(1);
        JsonNode step = answer.get("steps").get(0);
        assertThat(step.get("arguments").asText()).isEqualTo(proposal);
        assertThat(step.has("edit")).isFalse();
        List<String> stored = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ai.dataDir())) {
            for (Path f : files.filter(f -> f.toString().contains("conversations") && Files.isRegularFile(f)).toList()) {
                stored.add(Files.readString(f));
            }
        }
        assertThat(stored).anyMatch(text -> text.contains("[REDACTED:openai-key]")).noneMatch(text -> text.contains(key));

        // The key was rotated since: the review gets the file's key as it is now, not the one the model was shown.
        Files.writeString(env, "API_KEY=" + rotated + "\nDEBUG=false\n");
        String content = new ObjectMapper().readTree(step.get("arguments").asText()).get("content").asText();
        JsonNode edit = ai.rpc().result("ai/proposedEdit", Map.of("path", ".env", "content", content));
        assertThat(edit.get("oldText").asText()).isEqualTo("API_KEY=" + rotated + "\nDEBUG=false\n");
        assertThat(edit.get("newText").asText()).isEqualTo("API_KEY=" + rotated + "\nDEBUG=true\n");
        ai.rpc().result("ai/applyEdit", Map.of("requestId", answer.get("requestId").asText(), "path", ".env", "expectedVersion", "",
                "baseText", edit.get("oldText").asText(), "newText", edit.get("newText").asText()));
        assertThat(Files.readString(env)).isEqualTo("API_KEY=" + rotated + "\nDEBUG=true\n");

        // Two keys of the kind now: which one the placeholder stands for is a guess, so it is refused and nothing changes.
        String two = "API_KEY=" + key + "\nOTHER_KEY=" + rotated + "\nDEBUG=false\n";
        Files.writeString(env, two);
        assertThat(ai.rpc().errorCode("ai/proposedEdit", Map.of("path", ".env", "content", content))).isEqualTo(1005);
        assertThat(ai.rpc().errorCode("ai/proposedEdit", Map.of("path", "gone.env", "content", content))).isEqualTo(1001);
        assertThat(Files.readString(env)).isEqualTo(two);
        Files.delete(env);
    }

    /**
     * A file a tool read holds a key: the step shown live has it (the user's own file), the
     * conversation keeps the result redacted as the model got it, so a key rotated or removed
     * since does not live on in the history.
     */
    @Test
    void aToolResultIsKeptRedactedAsTheModelGotIt() throws Exception {
        String key = "sk-proj-QqWwEeRr1234567890TtYyUuIiOo34";
        Path env = ai.server().awaitState().opened().orElseThrow().root().resolve("deploy.env");
        Files.writeString(env, "API_KEY=" + key + "\n");
        ai.upstream().openAi("agent").thenStream(Answer.text("Reading.").toolCall("call_0", "read_file", "{\"path\": \"deploy.env\"}")
                .finish("tool_calls"));
        ai.upstream().openAi("agent").thenStream("It sets API_KEY.");
        List<JsonNode> events = ai.chat(Map.of("message", "What does deploy.env set?"));
        JsonNode done = AiTestServer.done(events);
        assertThat(done.has("error")).as(events.toString()).isFalse();
        assertThat(ai.upstream().chatRequests().getLast().raw()).doesNotContain(key).contains("[REDACTED:openai-key]");

        JsonNode step = ai.rpc().result("ai/conversation", Map.of("conversationId", done.get("conversationId").asText()))
                .get("messages").get(1).get("steps").get(0);
        assertThat(step.get("result").asText()).isEqualTo("API_KEY=[REDACTED:openai-key]\n");
        try (Stream<Path> files = Files.walk(ai.dataDir())) {
            for (Path f : files.filter(f -> f.toString().contains("conversations") && Files.isRegularFile(f)).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(key);
            }
        }
        Files.delete(env);
    }
}
