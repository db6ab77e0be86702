package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An audit log that cannot be written refuses each request while it lasts, as a clear 503 to
 * gateway clients and 1009 to the chat panel, naming no server path; the assistant keeps running
 * and answers again once the log can be written.
 */
class AuditStoreFailureTest {
    /** Each test its own server: the tests break its audit log. */
    @RegisterExtension
    final AiServerFixture ai = AiServerFixture.with(deployment("small", "small", "small", 16000)).rateLimit(1000);
    final HttpClient http = HttpClient.newHttpClient();

    Path audit() {
        return ai.dataDir().resolve("extensions/.host/data/ai-assistant/audit.jsonl");
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private HttpResponse<String> complete(boolean stream) throws Exception {
        ai.upstream().openAi("small").thenStream("fine");
        return http.send(HttpRequest.newBuilder(ai.server().baseUri().resolve("/v1/chat/completions"))
                .header("Authorization", AiTestServer.AUTH.get("Authorization")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"stratus/small\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String extensionState() throws Exception {
        for (JsonNode e : ai.rpc().result("extensions/list", Map.of()).get("extensions")) {
            if (e.get("id").asText().equals("ai-assistant")) {
                return e.get("state").asText();
            }
        }
        throw new AssertionError("ai-assistant is not listed");
    }

    @Test
    void aWitnessThatCannotBeWrittenRefusesEachRequestUntilItCanAndTheAssistantKeepsRunning() throws Exception {
        assertThat(complete(false).statusCode()).isEqualTo(200);
        Path head = audit().resolveSibling("audit.head");
        Files.delete(head);
        Files.createDirectory(head);

        HttpResponse<String> refused = complete(false);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        JsonNode error = RpcClient.JSON.readTree(refused.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("service_unavailable");
        assertThat(error.get("message").asText()).contains("audit log").doesNotContain(ai.base().toString());
        ai.upstream().openAi("small").thenStream("fine");
        JsonNode done = AiTestServer.done(ai.chat(Map.of("message", "hello")));
        assertThat(done.path("error").path("code").asInt()).as(done.toString()).isEqualTo(1009);
        assertThat(done.path("error").path("message").asText()).contains("audit log").doesNotContain(ai.base().toString());
        assertThat(extensionState()).isEqualTo("active");

        Files.delete(head);
        assertThat(complete(false).statusCode()).isEqualTo(200);
        assertThat(complete(true).body()).contains("fine").doesNotContain("\"error\"");
        assertThat(extensionState()).isEqualTo("active");
    }

    @Test
    void aLogReplacedWhileRunningRefusesRequestsInsteadOfLosingTheirRecords() throws Exception {
        assertThat(complete(false).statusCode()).isEqualTo(200);
        List<String> before = Files.readAllLines(audit());
        Path copy = audit().resolveSibling("audit.copy");
        Files.copy(audit(), copy);
        Files.move(copy, audit(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        HttpResponse<String> refused = complete(false);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.body()).contains("replaced or moved").doesNotContain(ai.base().toString());
        // A streamed answer reaches its client before its record: the record is not written elsewhere either.
        complete(true);
        assertThat(Files.readAllLines(audit())).isEqualTo(before);
        assertThat(extensionState()).isEqualTo("active");
    }
}
