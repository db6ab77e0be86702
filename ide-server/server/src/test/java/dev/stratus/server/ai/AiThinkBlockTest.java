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

    /** The thinking {@code ai/thinking} carried, in order. */
    static String thinking(List<JsonNode> events) {
        StringBuilder s = new StringBuilder();
        events.stream().filter(e -> e.get("method").asText().equals("ai/thinking")).forEach(e -> s.append(e.get("params").get("text").asText()));
        return s.toString();
    }

    /** Where the first event of {@code method} (of {@code kind}, when not null) is among {@code events}, or -1. */
    static int first(List<JsonNode> events, String method, String kind) {
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (e.get("method").asText().equals(method) && (kind == null || e.get("params").path("kind").asText().equals(kind))) {
                return i;
            }
        }
        return -1;
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
        // Edit with AI shows no answer text, so no thinking either.
        assertThat(first(events, "ai/thinking", null)).as(events.toString()).isEqualTo(-1);
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
        // The rest of the block streams as thinking; what was shown of it, then taken back, is its start.
        assertThat(thinking(events)).isEqualTo(" wants the log.\n");
        assertThat(stored.get(1).get("thinking").asText()).isEqualTo("Okay, the user wants the log.\n");

        ai.upstream().openAi("small").thenStream("<think>Short.</think>\nWith --oneline.");
        JsonNode second = AiTestServer.done(ai.chat(Map.of("conversationId", conversation, "message", "shorter?", "task", "commit-message")));
        assertThat(second.has("error")).as(second.toString()).isFalse();
        JsonNode sent = ai.upstream().chatRequests().getLast().json().get("messages");
        List<String> contents = new ArrayList<>();
        sent.forEach(m -> contents.add(m.get("role").asText() + ": " + m.get("content").asText()));
        assertThat(contents).contains("assistant: Use git log.").noneMatch(c -> c.contains("think") || c.contains("Okay"));
        assertThat(ai.upstream().chatRequests().getLast().body()).doesNotContain("wants the log", "\"thinking\"");
        stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        assertThat(stored.get(3).get("text").asText()).isEqualTo("With --oneline.");
        assertThat(stored.get(3).get("thinking").asText()).isEqualTo("Short.");
    }

    /**
     * The thinking itself streams to the panel as {@code ai/thinking}, in order and before the
     * answer, for a think block in the text and for a reasoning parser's field; the stored
     * conversation keeps it beside each answer, and later turns send the model none of it.
     */
    @Test
    void theThinkingStreamsInOrderIsKeptWithTheAnswerAndIsNeverSentAgain() throws Exception {
        ai.upstream().openAi("small").thenStream("<thi", "nk>\nFirst, the user", " wants commits.\n</th", "ink>\n\nUse git log.");
        List<JsonNode> events = ai.chat(Map.of("message", "how do I list commits", "task", "commit-message"));
        JsonNode done = AiTestServer.done(events);
        assertThat(done.has("error")).as(done.toString()).isFalse();
        String conversation = done.get("conversationId").asText();

        assertThat(thinking(events)).as(events.toString()).isEqualTo("\nFirst, the user wants commits.\n");
        int lastThinking = events.size() - 1;
        while (!events.get(lastThinking).get("method").asText().equals("ai/thinking")) {
            lastThinking--;
        }
        assertThat(lastThinking).isLessThan(first(events, "ai/notice", "thinking")).isLessThan(first(events, "ai/delta", null));
        assertThat(AiUnfinishedOutcomesTest.text(events)).isEqualTo("Use git log.");

        String tail = "],\"created\":1,\"id\":\"chatcmpl-r\",\"model\":\"qwen3\",\"object\":\"chat.completion.chunk\"}\n\n";
        ai.upstream().openAi("small").thenEvents(
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"reasoning_content\":\"Shorter:\"}}" + tail,
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"reasoning_content\":\" one line each.\"}}" + tail,
                "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":\"With --oneline.\"}}" + tail,
                "data: {\"choices\":[{\"finish_reason\":\"stop\",\"index\":0,\"delta\":{}}" + tail,
                "data: [DONE]\n\n");
        List<JsonNode> second = ai.chat(Map.of("conversationId", conversation, "message", "shorter?", "task", "commit-message"));
        assertThat(AiTestServer.done(second).has("error")).isFalse();
        List<String> pieces = second.stream().filter(e -> e.get("method").asText().equals("ai/thinking"))
                .map(e -> e.get("params").get("text").asText()).toList();
        assertThat(pieces).containsExactly("Shorter:", " one line each.");
        assertThat(first(second, "ai/thinking", null)).isLessThan(first(second, "ai/notice", "thinking"))
                .isLessThan(first(second, "ai/delta", null));
        // The first turn's thinking was not sent with the second.
        assertThat(ai.upstream().chatRequests().getLast().body()).contains("Use git log.").doesNotContain("wants commits", "\"thinking\"");

        JsonNode stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        assertThat(stored.get(1).get("thinking").asText()).isEqualTo("\nFirst, the user wants commits.\n");
        assertThat(stored.get(3).get("thinking").asText()).isEqualTo("Shorter: one line each.");
        assertThat(stored.get(0).has("thinking")).isFalse();

        ai.upstream().openAi("small").thenStream("Done.");
        AiTestServer.done(ai.chat(Map.of("conversationId", conversation, "message", "thanks", "task", "commit-message")));
        assertThat(ai.upstream().chatRequests().getLast().body()).contains("With --oneline.")
                .doesNotContain("wants commits", "one line each", "reasoning_content", "\"thinking\"");
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
