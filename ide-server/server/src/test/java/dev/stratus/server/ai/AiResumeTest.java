package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.Answer;
import dev.stratus.server.support.RpcClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chat answer whose page went away (reloaded, or its connection lost) goes on, and the page
 * that comes back takes it up with ai/resume: it is sent what was written meanwhile and the rest,
 * and the answer is kept whole, with no model asked twice. Only the same user's connections to
 * the same workspace can take it up, and only while it waits (or, ended, for as long).
 */
class AiResumeTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("local-small", "small", "small", 16000))
            .rateLimit(1000).userTokens(1000000).file("Main.java", "class Main {\n    int x;\n}\n");

    /** 60 chunks 20 ms apart: about 1.2 s, long enough to drop a connection in the middle. */
    private static final int CHUNKS = 60;

    /** On {@code page}, asks for a long answer and returns its request id once its first text came. */
    private static String askLong(RpcClient page, String message) throws Exception {
        String[] chunks = new String[CHUNKS];
        Arrays.fill(chunks, "more ");
        ai.upstream().openAi("small").thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(20)));
        String requestId = page.result("ai/chat", Map.of("message", message)).get("requestId").asText();
        AiTestServer.awaitFirstText(page);
        return requestId;
    }


    private static String textOf(List<JsonNode> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.get("method").asText().equals("ai/delta"))
                .forEach(e -> text.append(e.get("params").get("text").asText()));
        return text.toString();
    }

    @Test
    void anAnswerWhosePageWentAwayIsTakenUpWholeByThePageThatCameBackAndKeptComplete() throws Exception {
        int asked = ai.upstream().chatRequests().size();
        String requestId;
        try (RpcClient page = ai.connect()) {
            requestId = askLong(page, "Explain the build");
        }
        // Gone for a moment, as a reload or a dropped connection is: the answer goes on meanwhile.
        Thread.sleep(300);

        try (RpcClient back = ai.connect()) {
            JsonNode taken = back.result("ai/resume", Map.of("requestId", requestId));
            assertThat(taken.get("requestId").asText()).isEqualTo(requestId);
            String conversation = taken.get("conversationId").asText();
            List<JsonNode> events = AiTestServer.eventsUntilDone(back, requestId);

            assertThat(textOf(events)).isEqualTo("more ".repeat(CHUNKS));
            JsonNode done = events.getLast().get("params");
            assertThat(done.has("error")).as(done.toString()).isFalse();
            assertThat(done.get("route").get("deployment").asText()).isEqualTo("local-small");
            assertThat(ai.upstream().chatRequests()).hasSize(asked + 1);

            JsonNode stored = back.result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
            assertThat(stored).hasSize(2);
            assertThat(stored.get(1).get("text").asText()).isEqualTo("more ".repeat(CHUNKS));
            assertThat(stored.get(1).has("ended")).isFalse();

            // Ended, it can still be taken up for resumeSeconds (this connection too may be gone
            // without a close): whole, by one more connection, and then no more.
            try (RpcClient again = ai.connect()) {
                again.result("ai/resume", Map.of("requestId", requestId));
                assertThat(textOf(AiTestServer.eventsUntilDone(again, requestId))).isEqualTo("more ".repeat(CHUNKS));
                assertThat(again.errorCode("ai/resume", Map.of("requestId", requestId))).isEqualTo(1001);
            }
            assertThat(ai.upstream().chatRequests()).hasSize(asked + 1);
        }
    }

    @Test
    void aTakenUpAnswerStoppedByItsNewPageIsKeptAsStoppedNotInterrupted() throws Exception {
        String requestId;
        try (RpcClient page = ai.connect()) {
            requestId = askLong(page, "Explain the tests");
        }
        try (RpcClient back = ai.connect()) {
            String conversation = back.result("ai/resume", Map.of("requestId", requestId)).get("conversationId").asText();
            back.result("ai/cancel", Map.of("requestId", requestId));
            JsonNode done = AiTestServer.eventsUntilDone(back, requestId).getLast().get("params");
            assertThat(done.get("error").get("code").asInt()).isEqualTo(1011);
            assertThat(done.get("error").get("message").asText()).doesNotContain("restarted");

            JsonNode stored = back.result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
            assertThat(stored.get(1).get("ended").asText()).isEqualTo("stopped");
            assertThat(stored.get(1).get("text").asText()).endsWith("*Stopped before the answer was finished.*");
            // The new page's next question in that conversation is its own turn, not another tab's.
            ai.upstream().openAi("small").thenStream("Short.");
            String next = back.result("ai/chat", Map.of("conversationId", conversation, "message", "And briefly?"))
                    .get("requestId").asText();
            assertThat(AiTestServer.eventsUntilDone(back, next).getLast().get("params").has("error")).isFalse();
        }
    }

    @Test
    void onlyItsUserTakesAnAnswerUpAndAConnectionTheServerStillThinksOpenIsToldItWentOnElsewhere() throws Exception {
        assertThat(ai.rpc().errorCode("ai/resume", Map.of("requestId", "no-such-request"))).isEqualTo(1001);
        assertThat(ai.rpc().errorCode("ai/resume", Map.of())).isEqualTo(1001);

        try (RpcClient page = ai.connect(); RpcClient back = ai.connect(); RpcClient mallory = ai.connectAs("mallory")) {
            String requestId = askLong(page, "Explain the deploy");
            // Another user cannot take it, even knowing its id.
            assertThat(mallory.errorCode("ai/resume", Map.of("requestId", requestId))).isEqualTo(1001);
            // A page whose connection dropped without the server seeing it go (no close ever came) is
            // back on a new one: it takes the answer, and the old connection hears that it went on elsewhere.
            back.result("ai/resume", Map.of("requestId", requestId));
            List<JsonNode> old = AiTestServer.eventsUntilDone(page, requestId);
            assertThat(old.getLast().get("params").get("error").get("code").asInt()).isEqualTo(1011);
            assertThat(old.getLast().get("params").get("error").get("message").asText()).contains("another tab or window");
            List<JsonNode> events = AiTestServer.eventsUntilDone(back, requestId);
            assertThat(events.getLast().get("params").has("error")).as(events.getLast().toString()).isFalse();
            assertThat(textOf(events)).isEqualTo("more ".repeat(CHUNKS));
            // Stopping from the old connection reaches it no more.
            assertThat(page.result("ai/cancel", Map.of("requestId", requestId)).isEmpty()).isTrue();
            // Ended and shown: taken up after its end once (as by a page whose connection only
            // looked open), there is nothing left to take up.
            back.result("ai/resume", Map.of("requestId", requestId));
            assertThat(back.errorCode("ai/resume", Map.of("requestId", requestId))).isEqualTo(1001);
        }
    }

    @Test
    void anAnswerThatEndedWhileItsConnectionOnlyLookedOpenIsTakenUpWhole() throws Exception {
        try (RpcClient page = ai.connect(); RpcClient back = ai.connect()) {
            String requestId = askLong(page, "Explain the release");
            // Everything went out to the old connection, as far as the server can tell; its page,
            // whose network had gone without a close, saw none of it and is back on a new one.
            assertThat(AiTestServer.eventsUntilDone(page, requestId).getLast().get("params").has("error")).isFalse();
            assertThat(back.result("ai/resume", Map.of("requestId", requestId)).get("requestId").asText()).isEqualTo(requestId);
            List<JsonNode> events = AiTestServer.eventsUntilDone(back, requestId);
            assertThat(textOf(events)).isEqualTo("more ".repeat(CHUNKS));
            assertThat(events.getLast().get("params").has("error")).as(events.getLast().toString()).isFalse();
            assertThat(back.errorCode("ai/resume", Map.of("requestId", requestId))).isEqualTo(1001);
        }
    }

    @Test
    void anEditWhosePageWentAwayIsTakenUpAndItsProposalComesWhole() throws Exception {
        // The edit comes in five parts a quarter of a second apart: long enough to drop its page in the middle.
        ai.upstream().openAi("small").thenStream(Answer.text("```java\n", "class Main {\n", "    int count;\n", "}\n", "```\n")
                .chunkDelay(Duration.ofMillis(250)));
        String requestId;
        try (RpcClient page = ai.connect()) {
            requestId = page.result("ai/edit", Map.of("path", "Main.java", "instruction", "Rename x to count")).get("requestId").asText();
            AiTestServer.awaitFirstText(page);
        }
        Thread.sleep(300);
        try (RpcClient back = ai.connect()) {
            assertThat(back.result("ai/resume", Map.of("requestId", requestId)).get("requestId").asText()).isEqualTo(requestId);
            List<JsonNode> events = AiTestServer.eventsUntilDone(back, requestId);
            assertThat(textOf(events)).startsWith("```java\n");
            JsonNode done = events.getLast().get("params");
            assertThat(done.has("error")).as(done.toString()).isFalse();
            assertThat(done.get("edits").get(0).get("newText").asText()).isEqualTo("class Main {\n    int count;\n}\n");
            // Reviewed and accepted on the new connection: written over the text it was computed from, which the
            // proposal knows (the page need not send it).
            back.result("ai/applyEdit", Map.of("requestId", requestId, "path", "Main.java",
                    "newText", done.get("edits").get(0).get("newText").asText()));
            assertThat(java.nio.file.Files.readString(ai.workspace().resolve("Main.java"))).isEqualTo("class Main {\n    int count;\n}\n");

            // Saved, it made the language server report a problem: the check that asks a larger model finds the edit
            // it escalates from (this server has none larger, and says so without asking a model).
            int asked = ai.upstream().chatRequests().size();
            String again = back.result("ai/edit", Map.of("path", "Main.java", "instruction", "Rename x to count",
                    "escalateFrom", requestId, "problems", List.of("line 2: count is never read (javac)"))).get("requestId").asText();
            JsonNode refused = AiTestServer.eventsUntilDone(back, again).getLast().get("params");
            assertThat(refused.path("error").path("message").asText()).as(refused.toString()).contains("no larger model");
            assertThat(ai.upstream().chatRequests()).hasSize(asked);
        }
        java.nio.file.Files.writeString(ai.workspace().resolve("Main.java"), "class Main {\n    int x;\n}\n");
    }

    @Test
    void aProposalShownWhenItsPageWasReloadedIsReviewedAgainUntilItIsApplied() throws Exception {
        ai.upstream().openAi("small").thenStream("```java\nclass Main {\n    int total;\n}\n```\n");
        String requestId;
        try (RpcClient page = ai.connect()) {
            requestId = page.result("ai/edit", Map.of("path", "Main.java", "instruction", "Rename x to total")).get("requestId").asText();
            JsonNode done = AiTestServer.eventsUntilDone(page, requestId).getLast().get("params");
            assertThat(done.has("error")).as(done.toString()).isFalse();
        }
        try (RpcClient reloaded = ai.connect(); RpcClient bob = ai.connectAs("bob")) {
            // The reloaded page gets the proposal as ai/done gave it, long after the edit ended, without asking a model.
            int asked = ai.upstream().chatRequests().size();
            JsonNode proposal = reloaded.result("ai/proposal", Map.of("requestId", requestId));
            assertThat(proposal.get("path").asText()).isEqualTo("Main.java");
            assertThat(proposal.get("oldText").asText()).isEqualTo("class Main {\n    int x;\n}\n");
            assertThat(proposal.get("newText").asText()).isEqualTo("class Main {\n    int total;\n}\n");
            assertThat(ai.upstream().chatRequests()).hasSize(asked);
            assertThat(bob.errorCode("ai/proposal", Map.of("requestId", requestId))).as("another user's").isEqualTo(1001);
            assertThat(reloaded.errorCode("ai/proposal", Map.of("requestId", "no-such-request"))).isEqualTo(1001);
            assertThat(reloaded.errorCode("ai/proposal", Map.of())).isEqualTo(-32602);

            reloaded.result("ai/applyEdit", Map.of("requestId", requestId, "path", "Main.java", "newText", proposal.get("newText").asText()));
            assertThat(reloaded.errorCode("ai/proposal", Map.of("requestId", requestId))).as("applied: nothing left to review").isEqualTo(1001);
        }
        java.nio.file.Files.writeString(ai.workspace().resolve("Main.java"), "class Main {\n    int x;\n}\n");
    }
}
