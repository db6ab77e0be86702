package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.ai.governance.AuditVerifier;
import dev.stratus.ai.governance.GovernanceStoreException;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request that comes while its audit record could not be written is refused before anything
 * is sent: its prompt must not reach a model, nor its answer a user, unrecorded.
 */
class AuditUnwritableAdmissionTest {
    @TempDir
    Path data;
    final ScriptedUpstream upstream = ScriptedUpstream.start();
    ScriptedEngine ai;

    @AfterEach
    void close() throws Exception {
        ai.close();
        upstream.close();
    }

    @Test
    void aRequestWhileTheAuditLogIsMovedAwayReachesNoModelAndIsAnsweredOnceItIsBack() throws Exception {
        ai = new ScriptedEngine(upstream, data, "s-oa:small");
        upstream.openAi("s-oa").thenStream("first");
        ai.engine.run(CoolingDownAdmissionTest.chat("one"), new CoolingDownAdmissionTest.Recorded());
        Path log = data.resolve("audit.jsonl");
        Path rotated = data.resolve("audit.jsonl.1");
        Files.move(log, rotated);

        for (int i = 0; i < 2; i++) {
            CoolingDownAdmissionTest.Recorded sink = new CoolingDownAdmissionTest.Recorded();
            assertThatThrownBy(() -> ai.engine.run(CoolingDownAdmissionTest.chat("the password is in config.yml"), sink))
                    .isInstanceOf(GovernanceStoreException.class).hasMessageContaining("moved or deleted");
            assertThat(sink.text).isEmpty();
        }
        assertThat(upstream.requests()).hasSize(1);

        Files.move(rotated, log, StandardCopyOption.REPLACE_EXISTING);
        upstream.openAi("s-oa").thenStream("second");
        RunResult r = ai.engine.run(CoolingDownAdmissionTest.chat("two"), new CoolingDownAdmissionTest.Recorded());
        assertThat(r.text()).isEqualTo("second");
        assertThat(upstream.requests()).hasSize(2);
        assertThat(ai.auditRecords()).extracting(n -> n.path("outcome").asText()).containsExactly("ok", "ok");
        assertThat(AuditVerifier.verify(log).ok()).isTrue();
    }

    @Test
    void aRequestWhileTheAuditLogWasReplacedByACopyReachesNoModel() throws Exception {
        ai = new ScriptedEngine(upstream, data, "s-oa:small");
        Path log = data.resolve("audit.jsonl");
        // An editor's save: a new file with the same content moved over the log.
        Path copy = data.resolve("audit.jsonl.new");
        Files.copy(log, copy);
        Files.move(copy, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        upstream.openAi("s-oa").thenStream("never");

        assertThatThrownBy(() -> ai.engine.run(CoolingDownAdmissionTest.chat("hello"), new CoolingDownAdmissionTest.Recorded()))
                .isInstanceOf(GovernanceStoreException.class).hasMessageContaining("replaced or moved");
        assertThat(upstream.requests()).isEmpty();
    }
}
