package dev.stratus.server.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that end without the answer the user asked for, as the chat panel sees them: an edit
 * no model answered with code says so, not that the models are unreachable.
 */
class AiUnfinishedOutcomesTest {
    @TempDir
    static Path base;
    static ScriptedUpstream upstream;
    static AiTestServer ai;

    @BeforeAll
    static void start() throws Exception {
        upstream = ScriptedUpstream.start();
        ai = AiTestServer.start(base, """
                ai:
                  deployments:
                    - {name: local-small, tier: small, provider: openai, baseUrl: "%1$s", model: small, contextTokens: 16000, tools: false}
                    - {name: local-medium, tier: medium, provider: openai, baseUrl: "%1$s", model: medium, contextTokens: 32000, tools: false}
                    - {name: local-large, tier: large, provider: openai, baseUrl: "%1$s", model: large, contextTokens: 64000, tools: false}
                  governance:
                    rateLimit: {requestsPerMinute: 1000}
                    budgets: {userTokens: 1000000}
                """.formatted(upstream.openAiBaseUrl()), Map.of("Main.java", "class Main {\n    int x;\n}\n"));
    }

    @AfterAll
    static void stop() {
        ai.close();
        upstream.close();
    }

    @Test
    void anEditNoModelAnsweredWithCodeIsAConflictThatSaysWhatToDoNotAnOutage() throws Exception {
        upstream.openAi("medium").thenStream("I would rename the field.");
        upstream.openAi("large").thenStream("Renaming x is a good idea.");
        String requestId = ai.rpc().result("ai/edit", Map.of("path", "Main.java", "instruction", "rename x to count"))
                .get("requestId").asText();

        JsonNode error = AiTestServer.done(ai.events(requestId)).get("error");

        assertThat(error.get("code").asInt()).as(error.toString()).isEqualTo(1003);
        assertThat(error.get("message").asText()).contains("local-medium", "local-large", "without a code block",
                "instruction", "select fewer lines");
    }
}
