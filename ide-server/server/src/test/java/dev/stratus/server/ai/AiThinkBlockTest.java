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
 * A reasoning model served without a reasoning parser writes its thinking into its answer, in a
 * think block: the chat panel, the stored conversation, later turns and Edit with AI get the
 * answer without it, and the user is told the model thought (or ran out while thinking).
 */
class AiThinkBlockTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("small", "small", "small", 16000))
            .rateLimit(1000).userTokens(1000000).file("Main.java", "class Main {\n    int x;\n}\n");

    static List<JsonNode> notices(List<JsonNode> events, String kind) {
        return events.stream().filter(e -> e.get("method").asText().equals("ai/notice"))
                .map(e -> e.get("params")).filter(p -> p.get("kind").asText().equals(kind)).toList();
    }

    @Test
    void anEditWhoseAnswerBeginsWithAThinkBlockProposesOnlyTheCode() throws Exception {
        ai.upstream().openAi("small").thenStream("<think>\nRename it. A first try:\n```java\nclass Wrong {}\n```\n", "</think>\n\n",
                "```java\nclass Main {\n    int count;\n}\n```\n");
        String requestId = ai.rpc().result("ai/edit", Map.of("path", "Main.java", "instruction", "rename x to count",
                "task", "quick-fix")).get("requestId").asText();
        List<JsonNode> events = ai.events(requestId);

        JsonNode done = AiTestServer.done(events);
        assertThat(done.has("error")).as(done.toString()).isFalse();
        assertThat(done.get("edits")).hasSize(1);
        assertThat(done.get("edits").get(0).get("newText").asText()).isEqualTo("class Main {\n    int count;\n}\n");
    }

    @Test
    void aChatAnswerKeepsNoThinkingAndTheNextTurnSendsNone() throws Exception {
        // The template opened the block: only its end is in the text, after thinking already shown.
        ai.upstream().openAi("small").thenStream("Okay, the user", " wants the log.\n</think>", "\n\nUse git log.");
        List<JsonNode> events = ai.chat(Map.of("message", "how do I list commits", "task", "commit-message"));
        JsonNode done = AiTestServer.done(events);
        String conversation = done.get("conversationId").asText();

        List<JsonNode> thinking = notices(events, "thinking");
        assertThat(thinking).as(events.toString()).hasSize(1);
        // What was shown of it (the rest of the block was held back once its end could be near) is taken back.
        assertThat(thinking.get(0).get("discardedChars").asInt()).isEqualTo("Okay, the user".length());
        JsonNode stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        assertThat(stored.get(1).get("text").asText()).isEqualTo("Use git log.");

        ai.upstream().openAi("small").thenStream("<think>Short.</think>\nWith --oneline.");
        JsonNode second = AiTestServer.done(ai.chat(Map.of("conversationId", conversation, "message", "shorter?", "task", "commit-message")));
        assertThat(second.has("error")).as(second.toString()).isFalse();
        JsonNode sent = ai.upstream().chatRequests().getLast().json().get("messages");
        List<String> contents = new ArrayList<>();
        sent.forEach(m -> contents.add(m.get("role").asText() + ": " + m.get("content").asText()));
        assertThat(contents).contains("assistant: Use git log.").noneMatch(c -> c.contains("think") || c.contains("Okay"));
        stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        assertThat(stored.get(3).get("text").asText()).isEqualTo("With --oneline.");
    }

    /** A server with a reasoning parser (llama.cpp, vLLM) sends the thinking beside the answer, never in it. */
    @Test
    void thinkingInAReasoningFieldIsNotedAndNeverKeptOrSentAgain() throws Exception {
        String tail = "],\"created\":1,\"id\":\"chatcmpl-r\",\"model\":\"qwen3\",\"object\":\"chat.completion.chunk\"}\n\n";
        ai.upstream().openAi("small").thenEvents(
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"reasoning_content\":\"The user wants\"}}" + tail,
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"reasoning_content\":\" the log.\"}}" + tail,
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":\"Use git log.\"}}" + tail,
                "data: {\"choices\":[{\"finish_reason\":\"stop\",\"index\":0,\"delta\":{}}" + tail,
                "data: [DONE]\n\n");
        List<JsonNode> events = ai.chat(Map.of("message", "how do I list commits", "task", "commit-message"));
        JsonNode done = AiTestServer.done(events);
        assertThat(done.has("error")).as(done.toString()).isFalse();

        assertThat(AiUnfinishedOutcomesTest.text(events)).isEqualTo("Use git log.");
        assertThat(notices(events, "thinking")).as(events.toString()).singleElement().satisfies(n -> {
            assertThat(n.get("message").asText()).contains("thought before answering", "The user wants the log.".length() + " characters");
            assertThat(n.has("discardedChars")).isFalse();
        });
        String conversation = done.get("conversationId").asText();
        JsonNode stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        assertThat(stored.get(1).get("text").asText()).isEqualTo("Use git log.");

        ai.upstream().openAi("small").thenStream("With --oneline.");
        AiTestServer.done(ai.chat(Map.of("conversationId", conversation, "message", "shorter?", "task", "commit-message")));
        assertThat(ai.upstream().chatRequests().getLast().body()).contains("Use git log.").doesNotContain("The user wants", "reasoning_content");
    }

    @Test
    void anAnswerCutWhileStillThinkingSaysSo() throws Exception {
        ai.upstream().openAi("small").thenStream(Answer.text("<think>Let me weigh", " the options").finish("length"));
        List<JsonNode> events = ai.chat(Map.of("message", "how do I list commits", "task", "commit-message"));

        assertThat(AiUnfinishedOutcomesTest.text(events)).isEmpty();
        assertThat(notices(events, "thinking")).as(events.toString()).singleElement()
                .satisfies(n -> assertThat(n.get("message").asText()).contains("still thinking", "no answer"));
        assertThat(notices(events, "length")).as(events.toString()).hasSize(1);
    }

}
