package dev.stratus.server.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.ScriptedUpstream;
import dev.stratus.server.support.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request running when the server stopped (a crash, a kill) is charged its whole reservation
 * when the assistant starts again; the audit log then holds a record of it too, so that what the
 * budgets charge and what the log shows agree.
 */
class AiInterruptedRequestAuditTest {
    @TempDir
    Path base;

    @Test
    void aRequestRunningWhenTheServerStoppedIsRecordedWhenTheAssistantStartsAgain() throws Exception {
        Path ai = Files.createDirectories(base.resolve("data/extensions/.host/data/ai-assistant/budgets"));
        // What the ledger holds after a kill during a call: a reservation and no settlement.
        Path ledger = ai.resolve(LocalDate.now(ZoneOffset.UTC) + ".jsonl");
        Files.writeString(ledger, """
                {"op":"reserve","id":1,"user":"u-7","scopes":["user:u-7"],"tokens":8197}
                """);
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             AiTestServer server = AiBudgetsTest.start(base, upstream, "{userTokens: 100000}")) {
            assertThat(Files.readAllLines(ledger)).contains("{\"op\":\"settle\",\"id\":1,\"used\":8197}");
        }
        List<JsonNode> records = Files.readAllLines(ai.resolveSibling("audit.jsonl")).stream().map(l -> {
            try {
                return RpcClient.JSON.readTree(l);
            } catch (java.io.IOException e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.path("user").asText()).isEqualTo("u-7");
            assertThat(r.path("action").asText()).isEqualTo("audit");
            assertThat(r.path("outcome").asText()).isEqualTo("interrupted:8197");
        });
    }
}
