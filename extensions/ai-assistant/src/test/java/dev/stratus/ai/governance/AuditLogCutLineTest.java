package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash or power loss while a batch was being written leaves the log's last line cut off,
 * beyond what the head witness covers. The assistant starts all the same: the cut bytes are kept
 * in a file beside the log, and a record says so, which {@code verify} names from then on. A cut
 * line the witness covers is a record lost, and still stops it.
 */
class AuditLogCutLineTest {
    @TempDir
    Path data;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    Path file() {
        return data.resolve("audit.jsonl");
    }

    void write(int records) throws Exception {
        try (AuditLog log = AuditLog.open(file(), AuditConfig.defaults(), clock)) {
            for (int i = 1; i <= records; i++) {
                log.append(AuditLogTest.event(i));
            }
        }
    }

    @Test
    void aLineCutBeyondTheWitnessIsSetAsideKeptAndNamedAndTheLogGoesOn() throws Exception {
        write(2);
        // Half of a third record, as a crash mid-write leaves it (cut inside a character, too).
        byte[] cut = "{\"action\":\"chat\",\"completionTokens\":4,\"deployment\":\"local-qwé".getBytes(StandardCharsets.UTF_8);
        byte[] partial = java.util.Arrays.copyOf(cut, cut.length - 1);
        Files.write(file(), partial, StandardOpenOption.APPEND);
        assertThat(verify()).startsWith("tampered at seq 3: the last line is cut off").contains("sets it aside");

        try (AuditLog log = AuditLog.open(file(), AuditConfig.defaults(), clock)) {
            assertThat(log.append(AuditLogTest.event(4)).path("seq").asLong()).isEqualTo(4);
        }

        List<Path> kept;
        try (var files = Files.list(data)) {
            kept = files.filter(p -> p.getFileName().toString().startsWith("audit.jsonl.cut-")).toList();
        }
        assertThat(kept).singleElement().satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(partial));
        List<String> lines = Files.readAllLines(file());
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2)).contains("\"action\":\"audit\"", "cut-set-aside:3:" + partial.length + ":" + kept.get(0).getFileName());
        String report = verify();
        assertThat(report).startsWith("ok: 4 records");
        assertThat(report).contains("note: the log's last line was cut off", partial.length + " bytes", kept.get(0).getFileName().toString());
    }

    @Test
    void aLineCutTwiceIsKeptTwice() throws Exception {
        write(1);
        Files.writeString(file(), "{\"act", StandardOpenOption.APPEND);
        AuditLog.open(file(), AuditConfig.defaults(), clock).close();
        Files.writeString(file(), "{\"seq\":", StandardOpenOption.APPEND);
        AuditLog.open(file(), AuditConfig.defaults(), clock).close();

        try (var files = Files.list(data)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("audit.jsonl.cut-")).toList()).hasSize(2);
        }
        assertThat(verify()).startsWith("ok: 3 records");
    }

    @Test
    void aLineCutWithinWhatTheWitnessCoversStillStopsTheLog() throws Exception {
        write(3);
        String text = Files.readString(file());
        Files.writeString(file(), text.substring(0, text.length() - 30));

        assertThatThrownBy(() -> AuditLog.open(file(), AuditConfig.defaults(), clock))
                .isInstanceOf(GovernanceStoreException.class).hasMessageContaining("cut off");
        assertThat(Files.readString(file())).isEqualTo(text.substring(0, text.length() - 30));
        try (var files = Files.list(data)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("audit.jsonl.cut-")).toList()).isEmpty();
        }
    }

    private String verify() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AuditVerifier.report(file(), false, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        return out.toString(StandardCharsets.UTF_8);
    }
}
