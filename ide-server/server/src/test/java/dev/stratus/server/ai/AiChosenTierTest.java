package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tier a user picks in the chat panel, as VS Code's chat picks a model: {@code ai/chat} and
 * {@code ai/route} with {@code tier} go to that tier instead of the scorer's, filtered and fallen
 * back from as any route, and say so in the route's reasons; {@code auto} (or none) is routed as
 * before; a tier not known is refused before anything is asked.
 */
class AiChosenTierTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(
                    deployment("small", "small", "small", 16000),
                    deployment("large", "large", "large", 64000))
            .rateLimit(1000).userTokens(1_000_000);

    @Test
    void aPickedTierAnswersAQuestionTheScorerWouldGiveTheSmallModel() throws Exception {
        JsonNode auto = ai.rpc().result("ai/route", Map.of("message", "what does ls -la print?", "tier", "auto"));
        assertThat(auto.get("tier").asText()).as(auto.toString()).isEqualTo("small");

        Map<String, Object> params = Map.of("message", "what does ls -la print?", "tier", "large");
        JsonNode route = ai.rpc().result("ai/route", params);
        assertThat(route.get("tier").asText()).as(route.toString()).isEqualTo("large");
        assertThat(route.get("deployment").asText()).isEqualTo("large");
        assertThat(route.get("reasons").get(0).asText()).isEqualTo("the large tier was asked for");

        ai.upstream().openAi("large").thenStream("Every file, with its details.");
        JsonNode done = AiTestServer.done(ai.chat(params));
        assertThat(done.has("error")).as(done.toString()).isFalse();
        assertThat(done.get("route").get("tier").asText()).isEqualTo("large");
        assertThat(done.get("route").get("deployment").asText()).isEqualTo("large");
        assertThat(done.get("route").get("reasons").toString()).contains("the large tier was asked for");
    }

    @Test
    void aTierWithoutADeploymentFallsBackToANeighbourWithANotice() throws Exception {
        JsonNode route = ai.rpc().result("ai/route", Map.of("message", "hi", "tier", "medium"));
        assertThat(route.get("fallback").asBoolean()).as(route.toString()).isTrue();
        assertThat(route.get("tier").asText()).isIn("small", "large");
    }

    @Test
    void anUnknownTierIsRefusedAndNothingIsAsked() throws Exception {
        int before = ai.upstream().chatRequests().size();
        JsonNode chat = ai.rpc().call("ai/chat", Map.of("message", "hi", "tier", "huge"));
        assertThat(chat.get("error").get("code").asInt()).as(chat.toString()).isEqualTo(-32602);
        assertThat(chat.get("error").get("message").asText()).contains("tier", "auto, small, medium or large", "huge");
        assertThat(ai.rpc().errorCode("ai/route", Map.of("message", "hi", "tier", "LARGE!"))).isEqualTo(-32602);
        assertThat(ai.upstream().chatRequests()).hasSize(before);
    }
}
