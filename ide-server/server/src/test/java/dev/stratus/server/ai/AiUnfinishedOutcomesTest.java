package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.Answer;
import dev.stratus.server.support.RpcClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests that end without the answer the user asked for, as the chat panel sees them: a chat
 * answer the user stopped stays in the conversation and the model hears of it on the next turn;
 * an answer cut by its page going away says so, not that it failed; an edit no model answered
 * with code says so, not that the models are unreachable; a
 * conversation deleted while an answer is written into it stays deleted.
 */
class AiUnfinishedOutcomesTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(
                    deployment("local-small", "small", "small", 16000),
                    deployment("local-medium", "medium", "medium", 32000),
                    deployment("local-large", "large", "large", 64000))
            .rateLimit(1000).userTokens(1000000).resumeSeconds(1).file("Main.java", "class Main {\n    int x;\n}\n");

    /** An action on a request, which may throw (a test's call over RPC). */
    interface RequestAction {
        void run(String requestId) throws Exception;
    }

    /**
     * Asks Q2 in {@code conversation}, answered slowly in 100 chunks, runs {@code interrupt} at the
     * answer's first text, and returns the answer's events up to its ai/done.
     */
    static List<JsonNode> longAnswerInterrupted(String conversation, RequestAction interrupt) throws Exception {
        String[] chunks = new String[100];
        Arrays.fill(chunks, "more ");
        ai.upstream().openAi("small").thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(50)));
        String requestId = ai.rpc().result("ai/chat", Map.of("conversationId", conversation,
                "message", "Q2: and only mine", "task", "commit-message")).get("requestId").asText();
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        boolean interrupted = false;
        while (System.currentTimeMillis() < deadline) {
            JsonNode n = ai.rpc().nextNotification(deadline - System.currentTimeMillis());
            if (n == null || !requestId.equals(n.path("params").path("requestId").asText())) {
                continue;
            }
            events.add(n);
            if (!interrupted && n.get("method").asText().equals("ai/delta")) {
                interrupt.run(requestId);
                interrupted = true;
            }
            if (n.get("method").asText().equals("ai/done")) {
                break;
            }
        }
        return events;
    }

    /** A new conversation whose first question (Q1) was answered "Use git log."; its id. */
    static String conversationAnswered() throws Exception {
        ai.upstream().openAi("small").thenStream("Use ", "git log.");
        return AiTestServer.done(ai.chat(Map.of("message", "Q1: how do I list commits", "task", "commit-message")))
                .get("conversationId").asText();
    }

    static String text(List<JsonNode> events) {
        StringBuilder sb = new StringBuilder();
        events.stream().filter(e -> e.get("method").asText().equals("ai/delta")).forEach(e -> sb.append(e.get("params").get("text").asText()));
        return sb.toString();
    }

    @Test
    void aStoppedAnswerStaysInTheConversationAndTheNextTurnSendsItMarkedCutOff() throws Exception {
        String conversation = conversationAnswered();

        List<JsonNode> events = longAnswerInterrupted(conversation,
                requestId -> ai.rpc().result("ai/cancel", Map.of("requestId", requestId)));
        assertThat(AiTestServer.done(events).get("error").get("code").asInt()).as(events.toString()).isEqualTo(1011);
        String partial = text(events);
        assertThat(partial).startsWith("more ").isNotEqualTo("more ".repeat(100));

        ai.upstream().openAi("small").thenStream("As asked above: git log --author.");
        JsonNode third = AiTestServer.done(ai.chat(Map.of("conversationId", conversation,
                "message", "Q3: as I asked above, with dates", "task", "commit-message")));
        assertThat(third.has("error")).as(third.toString()).isFalse();

        // The model was sent Q2 and what of its answer was shown, marked as cut off.
        JsonNode sent = ai.upstream().chatRequests().getLast().json().get("messages");
        List<String> contents = new ArrayList<>();
        sent.forEach(m -> contents.add(m.get("role").asText() + ": " + m.get("content").asText()));
        assertThat(contents).hasSize(6);
        assertThat(contents.get(3)).isEqualTo("user: Q2: and only mine");
        assertThat(contents.get(4)).startsWith("assistant: " + partial + "\n\n[").contains("cut off", "stopped");

        // History shows all three exchanges, the stopped one with what was shown and marked stopped.
        JsonNode stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        assertThat(stored).extracting(m -> m.get("role").asText())
                .containsExactly("user", "assistant", "user", "assistant", "user", "assistant");
        assertThat(stored.get(2).get("text").asText()).isEqualTo("Q2: and only mine");
        assertThat(stored.get(3).get("text").asText()).isEqualTo(partial + "\n\n*Stopped before the answer was finished.*");
        assertThat(stored.get(5).get("text").asText()).isEqualTo("As asked above: git log --author.");
    }

    @Test
    void askingAStoppedAnswerAgainTakesItsPlaceAndItsModelIsNotSentTheStoppedOne() throws Exception {
        String conversation = conversationAnswered();
        String[] stopped = new String[1];
        List<JsonNode> events = longAnswerInterrupted(conversation, requestId -> {
            stopped[0] = requestId;
            ai.rpc().result("ai/cancel", Map.of("requestId", requestId));
        });
        assertThat(AiTestServer.done(events).get("error").get("code").asInt()).isEqualTo(1011);

        // History says how the answer ended and what the question was asked with, so it can be asked again from there.
        JsonNode kept = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        assertThat(kept).hasSize(4);
        assertThat(kept.get(2).get("task").asText()).isEqualTo("commit-message");
        assertThat(kept.get(3).get("ended").asText()).isEqualTo("stopped");
        assertThat(kept.get(3).has("errorCode")).isFalse();
        assertThat(kept.get(3).get("requestId").asText()).isEqualTo(stopped[0]);
        assertThat(kept.get(1).has("ended")).as("a complete answer").isFalse();

        ai.upstream().openAi("small").thenStream("Asked again: ", "git log --author=me.");
        JsonNode again = AiTestServer.done(ai.chat(Map.of("conversationId", conversation, "message", "Q2: and only mine",
                "task", "commit-message", "retryOf", stopped[0])));
        assertThat(again.has("error")).as(again.toString()).isFalse();

        // Its model was sent the conversation before the stopped exchange, then the question once.
        List<String> sent = new ArrayList<>();
        ai.upstream().chatRequests().getLast().json().get("messages")
                .forEach(m -> sent.add(m.get("role").asText() + ": " + m.get("content").asText()));
        assertThat(sent).hasSize(4);
        assertThat(sent.subList(1, 4)).containsExactly("user: Q1: how do I list commits", "assistant: Use git log.",
                "user: Q2: and only mine");

        // History has the new answer where the stopped one was.
        JsonNode stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        assertThat(stored).extracting(m -> m.get("text").asText()).containsExactly("Q1: how do I list commits", "Use git log.",
                "Q2: and only mine", "Asked again: git log --author=me.");

        // Naming an answer that completed (or one no longer last) asks as a turn of its own: nothing is replaced.
        ai.upstream().openAi("small").thenStream("Once more.");
        AiTestServer.done(ai.chat(Map.of("conversationId", conversation, "message", "Q2: and only mine",
                "task", "commit-message", "retryOf", stored.get(3).get("requestId").asText())));
        ai.upstream().openAi("small").thenStream("And again.");
        AiTestServer.done(ai.chat(Map.of("conversationId", conversation, "message", "Q3", "retryOf", stopped[0])));
        assertThat(ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages"))
                .extracting(m -> m.get("text").asText()).containsExactly("Q1: how do I list commits", "Use git log.",
                        "Q2: and only mine", "Asked again: git log --author=me.", "Q2: and only mine", "Once more.", "Q3", "And again.");
    }

    @Test
    void aMessageStoppedWhileItWaitsForTheAnswerBeforeItIsKeptAfterThatAnswer() throws Exception {
        String conversation = conversationAnswered();
        int sentBefore = ai.upstream().chatRequests().size();
        String[] chunks = new String[100];
        Arrays.fill(chunks, "more ");
        ai.upstream().openAi("small").thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(50)));
        String second = ai.rpc().result("ai/chat", Map.of("conversationId", conversation, "message", "Q2: and only mine",
                "task", "commit-message")).get("requestId").asText();
        String third = null;
        StringBuilder shown = new StringBuilder();
        List<String> done = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (done.size() < 2 && System.currentTimeMillis() < deadline) {
            JsonNode n = ai.rpc().nextNotification(deadline - System.currentTimeMillis());
            if (n == null) {
                continue;
            }
            String id = n.path("params").path("requestId").asText();
            String method = n.get("method").asText();
            if (method.equals("ai/delta") && id.equals(second)) {
                shown.append(n.get("params").get("text").asText());
                if (third == null) {
                    // The same page asks again while Q2 is answered: Q3 waits for Q2's answer, and is stopped meanwhile.
                    third = ai.rpc().result("ai/chat", Map.of("conversationId", conversation, "message", "Q3: never mind",
                            "task", "commit-message")).get("requestId").asText();
                    ai.rpc().result("ai/cancel", Map.of("requestId", third));
                    ai.rpc().result("ai/cancel", Map.of("requestId", second));
                }
            }
            if (method.equals("ai/done") && (id.equals(second) || id.equals(third))) {
                done.add(id);
            }
        }
        assertThat(done).containsExactlyInAnyOrder(second, third);

        // History has Q3 after Q2's answer, marked stopped, as the panel showed it; no model was asked it.
        JsonNode stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        assertThat(stored).extracting(m -> m.get("role").asText())
                .containsExactly("user", "assistant", "user", "assistant", "user", "assistant");
        assertThat(stored.get(3).get("text").asText()).isEqualTo(shown + "\n\n*Stopped before the answer was finished.*");
        assertThat(stored.get(4).get("text").asText()).isEqualTo("Q3: never mind");
        assertThat(stored.get(5).get("text").asText()).isEqualTo("*Stopped before any answer was written.*");
        assertThat(ai.upstream().chatRequests()).hasSize(sentBefore + 1);
    }

    @Test
    void anAnswerCutByItsPageGoingAwayIsKeptAsInterruptedNotAsFailed() throws Exception {
        String conversation = conversationAnswered();
        String[] chunks = new String[100];
        Arrays.fill(chunks, "more ");
        ai.upstream().openAi("small").thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(50)));
        // The page asks, shows the first text, and is closed: its connection closes, and no page takes the answer up.
        String requestId;
        try (RpcClient page = ai.connect()) {
            requestId = page.result("ai/chat", Map.of("conversationId", conversation, "message", "Q2: and only mine",
                    "task", "commit-message")).get("requestId").asText();
            JsonNode n;
            do {
                n = page.nextNotification(20_000);
            } while (n != null && !n.get("method").asText().equals("ai/delta"));
            assertThat(n).as("the answer's first text").isNotNull();
        }

        JsonNode stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        for (long deadline = System.currentTimeMillis() + 20_000; stored.size() < 4 && System.currentTimeMillis() < deadline; ) {
            Thread.sleep(100);
            stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        }
        assertThat(stored).hasSize(4);
        assertThat(stored.get(3).get("text").asText()).startsWith("more ").doesNotContain("Failed")
                .endsWith("\n\n*Interrupted before the answer was finished: the page was closed or reloaded or lost its connection,"
                        + " or the assistant restarted (the server stopped, or its configuration was changed).*");
        assertThat(stored.get(3).get("ended").asText()).isEqualTo("interrupted");
        // Past its time (resumeSeconds: 1 here) it can no longer be taken up: it is in the conversation.
        assertThat(ai.rpc().errorCode("ai/resume", Map.of("requestId", requestId))).isEqualTo(1001);
    }

    @Test
    void anAnswerThatEndedAndWasShownIsLetGoOnceItsTimeIsUp() throws Exception {
        ai.upstream().openAi("small").thenStream("Shown whole.");
        try (RpcClient page = ai.connect()) {
            String requestId = page.result("ai/chat", Map.of("message", "Q: a short one")).get("requestId").asText();
            JsonNode n;
            do {
                n = page.nextNotification(20_000);
            } while (n != null && !n.get("method").asText().equals("ai/done"));
            assertThat(n).as("the answer's end").isNotNull();
            // Kept for resumeSeconds (1 here) for a page whose connection only looked open, then let go.
            Thread.sleep(2_500);
            assertThat(page.errorCode("ai/resume", Map.of("requestId", requestId))).isEqualTo(1001);
        }
    }

    @Test
    void deletingAConversationWhileItsAnswerIsWrittenStopsTheAnswerAndNothingBringsTheConversationBack() throws Exception {
        String conversation = conversationAnswered();
        List<JsonNode> events = longAnswerInterrupted(conversation, requestId ->
                assertThat(ai.rpc().result("ai/deleteConversation", Map.of("conversationId", conversation)).isEmpty()).isTrue());
        assertThat(AiTestServer.done(events).get("error").get("code").asInt()).as(events.toString()).isEqualTo(1011);
        assertThat(text(events)).isNotEqualTo("more ".repeat(100));

        // The stopped answer, kept for any other conversation, did not write this one back.
        assertThat(ai.rpc().errorCode("ai/conversation", Map.of("conversationId", conversation))).isEqualTo(1001);
        assertThat(ai.rpc().result("ai/conversations", Map.of()).get("conversations").toString()).doesNotContain(conversation);
        assertThat(ai.rpc().errorCode("ai/chat", Map.of("conversationId", conversation, "message", "Q3"))).isEqualTo(1001);
        assertThat(ai.rpc().errorCode("ai/deleteConversation", Map.of("conversationId", conversation))).isEqualTo(1001);
        assertThat(ai.rpc().errorCode("ai/deleteConversation", Map.of("conversationId", "0b1f2c3d-no-such-one"))).isEqualTo(1001);
        assertThat(ai.rpc().errorCode("ai/deleteConversation", Map.of("conversationId", "../Main.java"))).isEqualTo(1001);
        assertThat(ai.rpc().errorCode("ai/deleteConversation", Map.of())).isEqualTo(1001);
        assertThat(Files.readString(ai.workspace().resolve("Main.java"))).isEqualTo("class Main {\n    int x;\n}\n");
    }

    @Test
    void anEditNoModelAnsweredWithCodeIsAConflictThatSaysWhatToDoNotAnOutage() throws Exception {
        ai.upstream().openAi("medium").thenStream("I would rename the field.");
        ai.upstream().openAi("large").thenStream("Renaming x is a good idea.");
        String requestId = ai.rpc().result("ai/edit", Map.of("path", "Main.java", "instruction", "rename x to count"))
                .get("requestId").asText();

        JsonNode error = AiTestServer.done(ai.events(requestId)).get("error");

        assertThat(error.get("code").asInt()).as(error.toString()).isEqualTo(1003);
        assertThat(error.get("message").asText()).contains("local-medium", "local-large", "without a code block",
                "instruction", "select fewer lines");
    }

    @Test
    void aMessageNoModelsContextHoldsIsTooLargeNotAnOutageAndNothingIsSent() throws Exception {
        int before = ai.upstream().chatRequests().size();
        JsonNode done = AiTestServer.done(ai.chat(Map.of("message", "Explain this log:\n" + "at Foo.bar(Foo.java:1)\n".repeat(20_000))));

        // Not 1009 Unavailable, which tells the user to try again shortly: that cannot help here.
        assertThat(done.get("error").get("code").asInt()).as(done.toString()).isEqualTo(1006);
        assertThat(done.get("error").get("message").asText()).contains("context", "needed", "local-large");
        assertThat(ai.upstream().chatRequests()).hasSize(before);

        // Kept as failed with its code, so that History can tell an answer worth asking again from one that is not.
        JsonNode stored = ai.rpc().result("ai/conversation", Map.of("conversationId", done.get("conversationId").asText()))
                .get("messages");
        assertThat(stored.get(1).get("ended").asText()).isEqualTo("failed");
        assertThat(stored.get(1).get("errorCode").asInt()).isEqualTo(1006);
        assertThat(stored.get(0).has("task")).as("free chat").isFalse();
    }

    @Test
    void aQuestionIsKeptWithWhatItWasAskedWithButNotTheEditorsUnsavedText() throws Exception {
        Map<String, Object> selection = Map.of("path", "Main.java", "startLine", 1, "endLine", 1, "text", "class Main {}");
        Map<String, Object> problem = Map.of("path", "Main.java", "line", 1, "severity", "error", "message", "x cannot be resolved");
        JsonNode done = AiTestServer.done(ai.chat(Map.of("message", "Why does this fail?", "context", Map.of(
                "paths", List.of("Main.java"), "selection", selection, "diagnostics", List.of(problem),
                "documents", List.of(Map.of("path", "Main.java", "text", "class Main { unsaved }"))))));
        String conversation = done.get("conversationId").asText();
        AiTestServer.done(ai.chat(Map.of("conversationId", conversation, "message", "And with nothing?")));

        // Asked again from History, a question goes with what it went with then, not with what the editor shows now.
        JsonNode stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        JsonNode context = stored.get(0).get("context");
        assertThat(context.get("paths")).hasSize(1);
        assertThat(context.get("paths").get(0).asText()).isEqualTo("Main.java");
        assertThat(context.get("selection").get("text").asText()).isEqualTo("class Main {}");
        assertThat(context.get("selection").get("endLine").asInt()).isEqualTo(1);
        assertThat(context.get("diagnostics").get(0).get("message").asText()).isEqualTo("x cannot be resolved");
        assertThat(context.has("documents")).as("the unsaved text is the editor's").isFalse();
        assertThat(context.has("search")).isFalse();
        assertThat(stored.get(1).has("context")).as("an answer").isFalse();
        assertThat(stored.get(2).get("context").size()).as("asked with nothing").isZero();
    }
}
