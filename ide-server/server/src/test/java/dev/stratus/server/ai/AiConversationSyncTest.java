package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One user with the workspace open in two tabs (two connections): each tab hears of the other's
 * conversation changes through {@code ai/conversationChanged}, as they are stored, and another
 * user hears of none of them.
 */
class AiConversationSyncTest {
    @RegisterExtension
    final AiServerFixture ai = AiServerFixture.with(deployment("local-small", "small", "small", 16000))
            .rateLimit(1000).userTokens(1000000);

    @Test
    void anotherTabHearsOfAnAnsweredQuestionAndOfTheDelete() throws Exception {
        try (RpcClient tabB = ai.connect()) {
            tabB.result("ai/status", Map.of());
            ai.upstream().openAi("small").thenStream("First answer.");
            String conversation = AiTestServer.done(ai.chat(Map.of("message", "Q1: hello", "task", "commit-message")))
                    .get("conversationId").asText();

            JsonNode changed = changeOf(tabB, conversation);
            assertThat(changed.get("change").asText()).isEqualTo("updated");
            assertThat(changed.get("title").asText()).isEqualTo("Q1: hello");
            assertThat(tabB.result("ai/conversation", Map.of("conversationId", conversation)).get("messages"))
                    .extracting(m -> m.get("text").asText()).containsExactly("Q1: hello", "First answer.");

            ai.rpc().result("ai/deleteConversation", Map.of("conversationId", conversation));
            assertThat(changeOf(tabB, conversation).get("change").asText()).isEqualTo("deleted");
        }
    }

    @Test
    void theTabThatMadeTheChangeIsNotToldOfIt() throws Exception {
        ai.upstream().openAi("small").thenStream("First answer.");
        String conversation = AiTestServer.done(ai.chat(Map.of("message", "Q1: hello", "task", "commit-message")))
                .get("conversationId").asText();
        JsonNode n;
        while ((n = ai.rpc().nextNotification(300)) != null) {
            assertThat(n.get("method").asText()).as(n.toString()).isNotEqualTo("ai/conversationChanged");
        }
        assertThat(conversation).isNotBlank();
    }

    @Test
    void anotherUserHearsOfNoneOfTheOwnersConversations() throws Exception {
        try (RpcClient mallory = ai.connectAs("mallory"); RpcClient tabB = ai.connect()) {
            tabB.result("ai/status", Map.of());
            mallory.call("ai/status", Map.of());
            ai.upstream().openAi("small").thenStream("Keep it in the vault.");
            String conversation = AiTestServer.done(ai.chat(Map.of("message", "Q1: the launch codes", "task", "commit-message")))
                    .get("conversationId").asText();
            ai.rpc().result("ai/deleteConversation", Map.of("conversationId", conversation));
            assertThat(changeOf(tabB, conversation).get("change").asText()).isEqualTo("updated");
            assertThat(changeOf(tabB, conversation).get("change").asText()).isEqualTo("deleted");
            JsonNode heard;
            while ((heard = mallory.nextNotification(300)) != null) {
                assertThat(heard.toString()).doesNotContain(conversation, "launch codes", "conversationChanged");
            }
        }
    }

    /** The params of the next {@code ai/conversationChanged} of {@code conversation} on {@code rpc}. */
    private static JsonNode changeOf(RpcClient rpc, String conversation) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode n = rpc.nextNotification(deadline - System.currentTimeMillis());
            if (n != null && n.get("method").asText().equals("ai/conversationChanged")
                    && conversation.equals(n.path("params").path("conversationId").asText())) {
                return n.get("params");
            }
        }
        throw new AssertionError("no ai/conversationChanged for " + conversation);
    }
}
