package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.testing.Answer;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit record of an agent run counts each secret redacted once: every step sends the
 * conversation so far again, but a secret in the prompt or in a tool's result was kept from the
 * model once, not once per step.
 */
class StepRedactionCountTest {
    private static final String KEY = "sk-proj-AbCdEf1234567890XyZaBcDeFgH12";
    private static final String OTHER = "sk-proj-ZzYyXx0987654321AaBbCcDdEeFf99";

    @TempDir
    Path data;

    @Test
    void aSecretSentInEveryStepIsCountedOnce() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             ScriptedEngine e = new ScriptedEngine(data, List.of(AgentRuns.deployment(upstream, "agent", Tier.SMALL, 32_000)))) {
            upstream.openAi("agent").thenStream(Answer.empty().toolCall("call_1", "read_file", "{\"path\": \".env\"}"))
                    .thenStream(Answer.empty().toolCall("call_2", "read_file", "{\"path\": \"notes.txt\"}"))
                    .thenStream(Answer.empty().toolCall("call_3", "read_file", "{\"path\": \"README.md\"}"))
                    .thenStream(Answer.text("The key is in .env."));
            AgentRuns.Panel panel = new AgentRuns.Panel(call -> call.argumentsJson().contains(".env") ? "API_KEY=" + OTHER + "\n" : "nothing\n");

            e.engine.run(AgentRuns.chat(Tier.SMALL, "Is " + KEY + " the key in .env?"), panel);

            assertThat(upstream.chatRequests()).hasSize(4);
            assertThat(upstream.chatRequests().getLast().raw()).doesNotContain(KEY).doesNotContain(OTHER);
            JsonNode record = e.auditRecords().getLast();
            assertThat(record.get("outcome").asText()).isEqualTo("ok");
            assertThat(record.get("redactions").toString()).isEqualTo("{\"openai-key\":2}");
        }
    }
}
