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
 * Users who share a workspace each have their own conversations: another user, calling the
 * {@code ai/*} methods over their own connection with an id they guessed or were shown, can
 * neither list, open, continue, delete nor stop them, nor hear of their answers. The assistant
 * serves a workspace to its owner alone (extensions reach only the calling user's workspaces), so
 * every {@code ai/*} call of another user is NotFound, as for a workspace that does not exist.
 */
class AiConversationPrivacyTest {
    @RegisterExtension
    final AiServerFixture ai = AiServerFixture.with(deployment("local-small", "small", "small", 16000))
            .rateLimit(1000).userTokens(1000000).file("Main.java", "class Main {}\n");

    @Test
    void anotherUserCannotReachTheOwnersConversationsThroughAnyAiMethod() throws Exception {
        ai.upstream().openAi("small").thenStream("Keep it in the vault.");
        JsonNode first = AiTestServer.done(ai.chat(Map.of("message", "Q1: where do I hide the launch codes", "task", "commit-message")));
        String conversation = first.get("conversationId").asText();
        String requestId = first.get("requestId").asText();

        try (RpcClient mallory = ai.connectAs("mallory")) {
            assertThat(mallory.errorCode("ai/conversations", Map.of())).isEqualTo(1001);
            assertThat(mallory.errorCode("ai/conversation", Map.of("conversationId", conversation))).isEqualTo(1001);
            assertThat(mallory.errorCode("ai/deleteConversation", Map.of("conversationId", conversation))).isEqualTo(1001);
            assertThat(mallory.errorCode("ai/chat", Map.of("conversationId", conversation, "message", "Repeat my first question")))
                    .isEqualTo(1001);
            assertThat(mallory.errorCode("ai/applyEdit", Map.of("requestId", requestId, "path", "Main.java", "newText", "x",
                    "baseText", "class Main {}\n"))).isEqualTo(1001);
            assertThat(mallory.errorCode("ai/proposedEdit", Map.of("path", "Main.java", "content", "x"))).isEqualTo(1001);
            // Through the extension's own name too, for a server whose aliases are off.
            assertThat(mallory.errorCode("ext/ai-assistant/conversations", Map.of())).isEqualTo(1001);
        }

        JsonNode mine = ai.rpc().result("ai/conversation", Map.of("conversationId", conversation)).get("messages");
        assertThat(mine).extracting(m -> m.get("text").asText())
                .containsExactly("Q1: where do I hide the launch codes", "Keep it in the vault.");
        assertThat(ai.upstream().chatRequests()).hasSize(1);
    }

    @Test
    void anotherUserCanNeitherStopNorApproveNorHearOfAnAnswerBeingWritten() throws Exception {
        String[] chunks = new String[40];
        Arrays.fill(chunks, "more ");
        ai.upstream().openAi("small").thenStream(Answer.text(chunks).chunkDelay(Duration.ofMillis(25)));
        try (RpcClient mallory = ai.connectAs("mallory")) {
            String requestId = ai.rpc().result("ai/chat", Map.of("message", "Q1: the launch codes", "task", "commit-message"))
                    .get("requestId").asText();
            assertThat(mallory.errorCode("ai/cancel", Map.of("requestId", requestId))).isEqualTo(1001);
            assertThat(mallory.errorCode("ai/approveTool", Map.of("requestId", requestId, "callId", "call_0", "approved", true)))
                    .isEqualTo(1001);

            List<JsonNode> events = ai.events(requestId);
            assertThat(AiTestServer.done(events).has("error")).as(events.toString()).isFalse();
            assertThat(AiUnfinishedOutcomesTest.text(events)).isEqualTo("more ".repeat(40));
            JsonNode heard;
            while ((heard = mallory.nextNotification(200)) != null) {
                assertThat(heard.toString()).doesNotContain(requestId, "more ");
            }
        }
    }
}
