package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ai/route} explains the decision {@code ai/chat} makes for the same message and context,
 * without calling a model: the files and selection the request names weigh on the tier, and on
 * which deployments' context windows hold it.
 */
class AiRouteContextTest {
    static final String BIG = "class Big {\n"
            + "    // padding line that makes the file large enough to matter for a context window\n".repeat(300) + "}\n";

    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(
                    deployment("small", "small", "small", 4000),
                    deployment("medium", "medium", "medium", 32000),
                    deployment("large", "large", "large", 128000))
            .rateLimit(1000).userTokens(1_000_000)
            .file("A.java", "class A {}\n").file("B.java", "class B {}\n").file("C.java", "class C {}\n").file("Big.java", BIG);

    @Test
    void filesNamedInTheContextWeighOnTheRouteAsOnTheChat() throws Exception {
        Map<String, Object> params = Map.of("message", "how do these fit together?",
                "context", Map.of("paths", List.of("A.java", "B.java", "C.java")));
        JsonNode route = ai.rpc().result("ai/route", params);
        assertThat(route.get("reasons").toString()).as(route.toString()).contains("3 files referenced");

        ai.upstream().openAi(route.get("deployment").asText()).thenStream("They do not.");
        JsonNode done = AiTestServer.done(ai.chat(params));
        assertThat(done.get("route").get("tier").asText()).as(done.toString()).isEqualTo(route.get("tier").asText());
        assertThat(route.get("tier").asText()).isEqualTo("medium");
    }

    @Test
    void aFileTooLargeForTheSmallContextIsRoutedPastItAsTheChatWouldBe() throws Exception {
        Map<String, Object> params = Map.of("message", "typo in here?", "task", "quick-fix",
                "context", Map.of("paths", List.of("Big.java")));
        JsonNode route = ai.rpc().result("ai/route", params);
        assertThat(route.get("deployment").asText()).as(route.toString()).isEqualTo("medium");
        assertThat(route.get("fallback").asBoolean()).isTrue();
        assertThat(route.get("reasons").toString()).contains("small skipped: context 4000 <");
    }
}
