package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notices of an answer as the conversation keeps them: reopened from History, an answer
 * still says what the user was told while it streamed (what was left out of its context, that
 * another tier answered, that its length limit cut it), each where it was shown, and keeps no
 * secret a notice quoted. A later turn's model is told of an answer its length limit cut.
 */
class AiStoredNoticesTest {
    private static final String KEY = "sk-proj-AbCdEf1234567890XyZaBcDeFgH12";

    /** Only a medium deployment: a commit message, a small tier's task, falls back to it. */
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("medium", "medium", "medium", 32000)).rateLimit(1000);

    @Test
    void aReopenedAnswerKeepsTheNoticesShownWithItRedactedAndInOrder() throws Exception {
        String cut = "This answer ends in the mid";
        ai.upstream().openAi("medium").thenStream(Answer.text(cut).finish("length"));
        List<JsonNode> events = ai.chat(Map.of("message", "write a commit message", "task", "commit-message",
                "context", Map.of("paths", List.of("notes-" + KEY + ".txt"))));
        JsonNode done = AiTestServer.done(events);
        assertThat(done.has("error")).as(events.toString()).isFalse();
        List<String> live = new ArrayList<>();
        events.stream().filter(e -> e.get("method").asText().equals("ai/notice"))
                .forEach(e -> live.add(e.get("params").get("kind").asText()));
        assertThat(live).containsExactly("context", "fallback", "length");

        JsonNode answer = ai.rpc().result("ai/conversation", Map.of("conversationId", done.get("conversationId").asText()))
                .get("messages").get(1);
        assertThat(answer.get("text").asText()).isEqualTo(cut);
        List<String> stored = new ArrayList<>();
        answer.get("notices").forEach(n -> stored.add(n.get("kind").asText() + " @" + n.get("at").asInt() + " step " + n.get("step").asInt()));
        assertThat(stored).containsExactly("context @0 step 1", "fallback @0 step 1", "length @" + cut.length() + " step 1");
        assertThat(answer.get("notices").get(0).get("message").asText()).startsWith("Left out of the context: notes-")
                .doesNotContain(KEY);
        assertThat(answer.get("notices").get(1).get("message").asText()).startsWith("Routed to the medium tier");
        assertThat(answer.get("notices").get(2).get("message").asText()).contains("length limit", "unfinished");
        assertThat(answer.toString()).doesNotContain(KEY);
    }

    @Test
    void theNextTurnTellsTheModelThatAnAnswerWasCutByItsLengthLimitAndTheUserSeesItAsItWas() throws Exception {
        String cut = "Add the nightly build and the rel";
        ai.upstream().openAi("medium").thenStream(Answer.text(cut).finish("length"));
        String conversation = AiTestServer.done(ai.chat(Map.of("message", "write a commit message", "task", "commit-message")))
                .get("conversationId").asText();
        ai.upstream().openAi("medium").thenStream("Add the nightly build and the release notes.");
        JsonNode second = AiTestServer.done(ai.chat(Map.of("conversationId", conversation, "message", "go on", "task", "commit-message")));
        assertThat(second.has("error")).as(second.toString()).isFalse();

        JsonNode sent = ai.upstream().chatRequests().getLast().json().get("messages");
        JsonNode before = sent.get(sent.size() - 2);
        assertThat(before.get("role").asText()).isEqualTo("assistant");
        assertThat(before.get("content").asText()).isEqualTo(cut + "\n\n[This answer was cut off by its length limit.]");

        JsonNode stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        assertThat(stored.get(1).get("text").asText()).isEqualTo(cut);
        assertThat(stored.get(3).get("text").asText()).isEqualTo("Add the nightly build and the release notes.");
        // The whole answer is sent as it came: only an answer the limit cut is marked.
        assertThat(sent.toString()).containsOnlyOnce("length limit");
        assertThat(stored.get(3).get("notices")).extracting(n -> n.get("kind").asText()).containsExactly("fallback");
    }
}
