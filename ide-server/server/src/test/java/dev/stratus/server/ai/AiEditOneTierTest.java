package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Edit with AI where only the small tier has a deployment: an answer that fails its check has no
 * larger model to go to, and the user hears that, not that the request goes up a tier and then
 * that no deployment is available.
 */
class AiEditOneTierTest {
    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("small", "small", "small", 16000))
            .rateLimit(1000).userTokens(100000).file("Main.java", "class Main {\n    int x;\n}\n");

    static boolean escalationNotice(List<JsonNode> events) {
        return events.stream().anyMatch(e -> e.get("params").path("kind").asText().equals("escalation"));
    }

    @Test
    void anEditWithoutCodeIsNoEditToOfferWhenNoLargerTierIsConfigured() throws Exception {
        ai.upstream().openAi("small").thenStream("Rename it, the field is badly named.");
        int before = ai.upstream().chatRequests().size();
        String requestId = ai.rpc().result("ai/edit", Map.of("path", "Main.java", "instruction", "rename x to count",
                "task", "quick-fix")).get("requestId").asText();
        List<JsonNode> events = ai.events(requestId);

        JsonNode error = AiTestServer.done(events).get("error");
        assertThat(error.get("code").asInt()).as(events.toString()).isEqualTo(1003);
        assertThat(error.get("message").asText()).contains("No edit to offer").contains("small");
        assertThat(escalationNotice(events)).as(events.toString()).isFalse();
        assertThat(ai.upstream().chatRequests()).hasSize(before + 1);
    }

    @Test
    void anEditThatMadeProblemsWorseSaysThereIsNoLargerTierConfigured() throws Exception {
        ai.upstream().openAi("small").thenStream("```java\nclass Main {\n    Foo x;\n}\n```\n");
        String first = ai.rpc().result("ai/edit", Map.of("path", "Main.java", "instruction", "make x a Foo",
                "task", "quick-fix")).get("requestId").asText();
        assertThat(AiTestServer.done(ai.events(first)).get("route").get("tier").asText()).isEqualTo("small");
        int before = ai.upstream().chatRequests().size();

        String second = ai.rpc().result("ai/edit", Map.of("path", "Main.java", "instruction", "make x a Foo",
                "escalateFrom", first, "problems", List.of("line 2: Foo cannot be resolved to a type (javac)"))).get("requestId").asText();
        List<JsonNode> events = ai.events(second);

        JsonNode error = AiTestServer.done(events).get("error");
        assertThat(error.get("code").asInt()).as(events.toString()).isEqualTo(1009);
        assertThat(error.get("message").asText()).contains("no larger model to ask").contains("no larger tier has a deployment");
        assertThat(escalationNotice(events)).as(events.toString()).isFalse();
        assertThat(ai.upstream().chatRequests()).hasSize(before);
    }
}
