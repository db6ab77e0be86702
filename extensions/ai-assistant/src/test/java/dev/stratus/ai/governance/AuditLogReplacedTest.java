package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.ai.testing.RecordingLogger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log replaced, moved or written by someone else while the assistant runs: its records must
 * not go to a file no one sees while the witness moves on. Appends fail, an error says so once,
 * and appends succeed again once the file is back.
 */
class AuditLogReplacedTest {
    @TempDir
    Path data;
    Path file;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    final List<String> errors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        file = data.resolve("audit.jsonl");
    }

    @Test
    void aLogReplacedByACopyRefusesAppendsAndTheWitnessStaysAtItsRecords() throws Exception {
        try (AuditLog log = AuditLog.open(file, AuditConfig.defaults(), clock, logger())) {
            log.append(AuditLogTest.event(1));
            log.append(AuditLogTest.event(2));
            // What an editor's save or sed -i does: a new file, same content, moved over the old one.
            Path copy = data.resolve("audit.jsonl.new");
            Files.copy(file, copy);
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> log.append(AuditLogTest.event(3)))
                        .isInstanceOf(GovernanceStoreException.class)
                        .hasMessageContaining("replaced or moved while the assistant ran")
                        .hasMessageNotContaining(data.toString());
            }
        }
        assertThat(Files.readAllLines(file)).hasSize(2);
        assertThat(AuditHead.read(file, AuditHead.loadOrCreateKey(file)).orElseThrow().seq()).isEqualTo(2);
        assertThat(AuditVerifier.verify(file).ok()).isTrue();
        // Said once, with the path and what to do, for the operator.
        assertThat(errors).singleElement().asString().contains(file.toString(), "stratus audit verify", "while Stratus is stopped");
    }

    @Test
    void aLogMovedAwayRefusesAppendsAndTakesThemAgainOnceMovedBack() throws Exception {
        try (AuditLog log = AuditLog.open(file, AuditConfig.defaults(), clock, logger())) {
            log.append(AuditLogTest.event(1));
            Path archived = data.resolve("audit.jsonl.1");
            Files.move(file, archived);
            assertThatThrownBy(() -> log.append(AuditLogTest.event(2))).isInstanceOf(GovernanceStoreException.class)
                    .hasMessageContaining("moved or deleted");
            // logrotate's create: a new, empty file where the log was.
            Files.createFile(file);
            assertThatThrownBy(() -> log.append(AuditLogTest.event(2))).isInstanceOf(GovernanceStoreException.class)
                    .hasMessageContaining("replaced or moved");
            Files.move(archived, file, StandardCopyOption.REPLACE_EXISTING);

            assertThat(log.append(AuditLogTest.event(3)).path("seq").asLong()).isEqualTo(2);
        }
        assertThat(Files.readAllLines(file)).hasSize(2);
        assertThat(AuditVerifier.verify(file).ok()).isTrue();
        assertThat(errors).hasSize(1);
    }

    @Test
    void aLineWrittenByAnotherProgramRefusesAppends() throws Exception {
        try (AuditLog log = AuditLog.open(file, AuditConfig.defaults(), clock, logger())) {
            log.append(AuditLogTest.event(1));
            Files.writeString(file, "{\"seq\":2}\n", StandardOpenOption.APPEND);

            assertThatThrownBy(() -> log.append(AuditLogTest.event(2))).isInstanceOf(GovernanceStoreException.class)
                    .hasMessageContaining("changed by another program");
        }
        assertThat(Files.readAllLines(file)).hasSize(2);
        assertThat(AuditHead.read(file, AuditHead.loadOrCreateKey(file)).orElseThrow().seq()).isEqualTo(1);
    }

    /** Keeps the ERRORs said. */
    private System.Logger logger() {
        return new RecordingLogger(errors, System.Logger.Level.ERROR);
    }
}
