package dev.stratus.server.ai;

import static dev.stratus.server.ai.AiServerFixture.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.testing.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A model that calls many tools in one answer, most of them wrongly, through the real host: each
 * failure goes back to the model as an error it can act on, the answer goes on, and nothing
 * outside the workspace is read.
 */
class AiToolFailuresTest {
    private static final String OUTSIDE = "TOP SECRET OUTSIDE";

    @RegisterExtension
    static final AiServerFixture ai = AiServerFixture.with(deployment("agent", "medium", "agent", 200_000).withTools())
            .rateLimit(1000).file("notes.txt", "one\n");

    @Test
    void everyFailedCallOfAnAnswerIsAnErrorForTheModelAndTheAnswerGoesOn() throws Exception {
        Path outside = ai.base().resolve("outside.txt");
        Files.writeString(outside, OUTSIDE + "\n");
        Path ws = ai.workspace();
        Files.createDirectories(ws.resolve("src"));
        Files.createSymbolicLink(ws.resolve("link.txt"), outside);
        Files.write(ws.resolve("data.bin"), new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2, (byte) 0xff, 0});
        Files.writeString(ws.resolve("big.log"), "x".repeat(5 * 1024 * 1024));
        ai.upstream().openAi("agent").thenStream(Answer.text("Looking.")
                .toolCall("c1", "read_file", "{\"path\": \"missing.txt\"}")
                .toolCall("c2", "read_file", "{\"path\": \"src\"}")
                .toolCall("c3", "read_file", "{\"path\": \"../outside.txt\"}")
                .toolCall("c4", "read_file", "{\"path\": \"link.txt\"}")
                .toolCall("c5", "read_file", "{\"path\": \"data.bin\"}")
                .toolCall("c6", "read_file", "{\"path\": \"big.log\"}")
                .toolCall("c7", "search", "{\"query\": \"(unclosed\", \"regex\": true}")
                .toolCall("c8", "search", "{}")
                .toolCall("c9", "no_such_tool", "{}")
                .toolCall("c10", "read_file", "{\"path\": ", "\"notes")
                .toolCall("c11", "read_file", "{\"path\": \"notes.txt\"}")
                .finish("tool_calls"));
        ai.upstream().openAi("agent").thenStream("Done.");

        List<JsonNode> events = ai.chat(Map.of("message", "Look around"));

        assertThat(AiTestServer.done(events).has("error")).as(events.toString()).isFalse();
        Map<String, String> results = new LinkedHashMap<>();
        ai.upstream().chatRequests().getLast().json().get("messages").forEach(m -> {
            if (m.get("role").asText().equals("tool")) {
                results.put(m.get("tool_call_id").asText(), m.get("content").asText());
            }
        });
        assertThat(results).hasSize(11);
        assertThat(results.get("c1")).isEqualTo("Error: No such file or directory: \"missing.txt\"");
        assertThat(results.get("c2")).isEqualTo("Error: Is a directory: \"src\"");
        assertThat(results.get("c3")).isEqualTo("Error: Path is outside the workspace: \"../outside.txt\"");
        assertThat(results.get("c4")).isEqualTo("Error: Path is outside the workspace: \"link.txt\"");
        assertThat(results.get("c5")).isEqualTo("data.bin is a binary file; its content is not shown");
        assertThat(results.get("c6")).startsWith("xxxx").endsWith("\n[cut at 20000 characters]").hasSizeLessThan(20_100);
        assertThat(results.get("c7")).startsWith("Error: Invalid regular expression \"(unclosed\"");
        assertThat(results.get("c8")).isEqualTo("Error: search needs a query: the text to look for");
        assertThat(results.get("c9")).startsWith("Error: No tool named no_such_tool. The tools you may call: read_file, list_files,")
                .contains("run_command");
        assertThat(results.get("c10")).startsWith("Error: The arguments are not JSON: Unexpected end-of-input")
                .endsWith("(at line 1, column 16). Send them again as one JSON object.");
        assertThat(results.get("c11")).isEqualTo("one\n");
        assertThat(events.toString()).doesNotContain(OUTSIDE);
        assertThat(ai.upstream().chatRequests().getLast().raw()).doesNotContain(OUTSIDE);
    }
}
