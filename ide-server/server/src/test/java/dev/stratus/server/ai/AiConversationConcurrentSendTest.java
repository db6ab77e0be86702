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
 * Two tabs of one user sending to one conversation at nearly the same time: the second send is
 * refused while the first is answered (Conflict 1003), so no turn is lost and none is written into
 * the middle of another, and each turn's model sees the turns before it.
 */
class AiConversationConcurrentSendTest {
    @RegisterExtension
    final AiServerFixture ai = AiServerFixture.with(deployment("local-small", "small", "small", 16000))
            .rateLimit(1000).userTokens(1000000);

    @Test
    void aSecondSendToAConversationBeingAnsweredIsRefusedAndNothingMixes() throws Exception {
        ai.upstream().openAi("small").thenStream("First answer.");
        String conversation = AiTestServer.done(ai.chat(Map.of("message", "Q1: hello", "task", "commit-message")))
                .get("conversationId").asText();
        String[] chunks = new String[40];
        Arrays.fill(chunks, "slow ");
        ai.upstream().openAi("small").thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(25)));
        ai.upstream().openAi("small").thenStream("Third answer.");
        try (RpcClient tabB = ai.connect()) {
            String requestId = ai.rpc().result("ai/chat", Map.of("conversationId", conversation, "message", "Q2: from A",
                    "task", "commit-message")).get("requestId").asText();
            JsonNode refused = tabB.call("ai/chat", Map.of("conversationId", conversation, "message", "Q2: from B",
                    "task", "commit-message"));
            assertThat(refused.path("error").path("code").asInt()).as(refused.toString()).isEqualTo(1003);
            assertThat(refused.path("error").path("message").asText()).contains("being answered");
            assertThat(AiTestServer.done(ai.events(requestId)).has("error")).isFalse();

            // Once A's answer is in, B's send goes through and its model sees A's turn.
            String second = tabB.result("ai/chat", Map.of("conversationId", conversation, "message", "Q3: from B",
                    "task", "commit-message")).get("requestId").asText();
            JsonNode done;
            while ((done = tabB.nextNotification(20_000)) != null
                    && !(done.get("method").asText().equals("ai/done") && second.equals(done.path("params").path("requestId").asText()))) {
                // Skips the answer's deltas and A's change.
            }
            assertThat(done).isNotNull();
            assertThat(done.get("params").has("error")).as(done.toString()).isFalse();
        }
        List<String> texts = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages")
                .findValuesAsText("text");
        assertThat(texts).containsExactly("Q1: hello", "First answer.", "Q2: from A", "slow ".repeat(40), "Q3: from B",
                "Third answer.");
        assertThat(ai.upstream().chatRequests().getLast().body()).contains("Q2: from A");
    }

    @Test
    void aMessageStoppedWhileALongAnswerBeforeItIsWrittenIsKeptAfterThatAnswer() throws Exception {
        // Longer than a stopped message's request waits for the answer before it (5 s).
        String[] chunks = new String[40];
        Arrays.fill(chunks, "long ");
        ai.upstream().openAi("small").thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(250)));
        JsonNode first = ai.rpc().result("ai/chat", Map.of("message", "Q1: a long one", "task", "commit-message"));
        String conversation = first.get("conversationId").asText();
        String second = ai.rpc().result("ai/chat", Map.of("conversationId", conversation, "message", "Q2: never mind",
                "task", "commit-message")).get("requestId").asText();
        ai.rpc().result("ai/cancel", Map.of("requestId", second));

        assertThat(AiTestServer.done(ai.events(second)).path("error").path("code").asInt()).isEqualTo(1011);
        assertThat(AiTestServer.done(ai.events(first.get("requestId").asText())).has("error")).isFalse();
        JsonNode stored = null;
        for (int i = 0; i < 100 && (stored == null || stored.size() < 4); i++) {
            Thread.sleep(stored == null ? 0 : 100);
            stored = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        }
        assertThat(stored).as("the stopped message is kept, after the answer it waited for").extracting(m -> m.get("role").asText())
                .containsExactly("user", "assistant", "user", "assistant");
        assertThat(stored.get(1).get("text").asText()).isEqualTo("long ".repeat(40));
        assertThat(stored.get(2).get("text").asText()).isEqualTo("Q2: never mind");
        assertThat(stored.get(3).get("ended").asText()).isEqualTo("stopped");
        assertThat(ai.upstream().chatRequests()).as("the stopped message was never sent").hasSize(1);
    }
}
