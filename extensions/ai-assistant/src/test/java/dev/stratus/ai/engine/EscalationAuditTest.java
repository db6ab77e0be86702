package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.governance.AuditVerifier;
import dev.stratus.ai.model.ChatMessage;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.Escalation;
import dev.stratus.ai.router.PromptContext;
import dev.stratus.ai.router.Task;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An escalated request is recorded as one in the audit log, not only in the answer's route. */
class EscalationAuditTest {
    @TempDir
    Path data;

    static Run edit(Escalation escalation) {
        return new Run("alice", "alice", "ws-1", "edit", Task.QUICK_FIX, "rename x", PromptContext.NONE,
                List.of(ChatMessage.user("rename x")), List.of(), null, 200, escalation);
    }

    @Test
    void anEscalatedEditIsRecordedWithItsEscalationAndAPlainOneWithout() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             ScriptedEngine ai = new ScriptedEngine(upstream, data, "s-oa:small", "m-oa:medium")) {
            upstream.openAi("s-oa").thenStream("no code here");
            upstream.openAi("m-oa").thenStream("```java\nint count;\n```");
            Escalation escalation = new Escalation();
            RunResult first = ai.engine.run(edit(escalation), new CoolingDownAdmissionTest.Recorded());
            escalation.next(first.tier(), Escalation.Reason.EDIT_DID_NOT_APPLY);
            RunResult second = ai.engine.run(edit(escalation), new CoolingDownAdmissionTest.Recorded());
            assertThat(second.tier()).isEqualTo(Tier.MEDIUM);

            List<JsonNode> records = ai.auditRecords();
            assertThat(records).hasSize(2);
            assertThat(records.get(0).has("escalations")).as(records.get(0).toString()).isFalse();
            assertThat(records.get(1).path("escalations").toString()).as(records.get(1).toString())
                    .isEqualTo("[\"escalated small -> medium: edit did not apply\"]");
            assertThat(AuditVerifier.verify(data.resolve("audit.jsonl")).ok()).isTrue();
        }
    }
}
