package dev.stratus.server.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stratus.yaml whose ai: section cannot be used, as the administrator and the users see it. */
class AiConfigurationMistakeTest {
    static final String SECRET = "sk-live-PASTEDKEY-abc123";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path base;

    static AiTestServer start(Path base, String yaml, String statusMethod) throws Exception {
        return AiTestServer.start(base, yaml, Map.of(), statusMethod, status -> status.path("help").asText().contains("mistake"));
    }

    static int status(AiTestServer ai, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(ai.server().baseUri().resolve(path)).header("Authorization", "Bearer " + AiTestServer.TOKEN)
                .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aMistakeNamesTheSettingNotTheValueAndTheGatewayItTurnedOffStaysOff() throws Exception {
        try (AiTestServer ai = start(base, """
                ai:
                  gateway: {enabled: false}
                  governance:
                    budgets: {users: {alice: %s}}
                """.formatted(SECRET), "ai/status")) {
            String help = ai.rpc().result("ai/status", Map.of()).path("help").asText();

            assertThat(help).contains("The ai: configuration has a mistake: ai.governance: budgets.users.alice must be a whole number")
                    .doesNotContain("PASTEDKEY");
            assertThat(status(ai, "/v1/models")).isEqualTo(404);
        }
    }

    @Test
    void aStratusYamlThatIsNotYamlSaysWhereAndNotWhatIsThere() throws Exception {
        // A file that cannot be read turns every alias off, ai/* with them: the extension's own name still answers.
        try (AiTestServer ai = start(base, """
                ai:
                  governance:
                    budgets: {users: {alice: %s bob: 3}
                  gateway: {enabled: false}
                """.formatted(SECRET), "ext/ai-assistant/status")) {
            String help = ai.rpc().result("ext/ai-assistant/status", Map.of()).path("help").asText();

            assertThat(help).contains("The ai: configuration has a mistake: stratus.yaml cannot be read: line 3, column 58: expected ','"
                    + " or '}', but got : (while parsing a flow mapping at line 3, column 22)").doesNotContain("PASTEDKEY");
        }
    }
}
