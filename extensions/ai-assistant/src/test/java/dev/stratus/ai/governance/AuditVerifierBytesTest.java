package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes that are not UTF-8 in a log are reported where they are, not as a file that cannot be read. */
class AuditVerifierBytesTest {
    @TempDir
    Path data;

    @Test
    void aLastLineCutInsideACharacterIsReportedAsCutOff() throws Exception {
        Path file = data.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.open(file, AuditConfig.defaults(), new MutableClock(Instant.parse("2026-11-25T10:00:00Z")))) {
            log.append(AuditLogTest.event(1));
        }
        byte[] cut = "{\"action\":\"chat\",\"user\":\"jos\u00e9".getBytes(StandardCharsets.UTF_8);
        Files.write(file, java.util.Arrays.copyOf(cut, cut.length - 1), StandardOpenOption.APPEND);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AuditVerifier.report(file, false, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("tampered at seq 2: the last line is cut off");
    }

    @Test
    void aRecordWithABrokenCharacterIsReportedAsEdited() throws Exception {
        Path file = data.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.open(file, AuditConfig.defaults(), new MutableClock(Instant.parse("2026-11-25T10:00:00Z")))) {
            log.append(AuditLogTest.event(1));
            log.append(AuditLogTest.event(2));
        }
        byte[] bytes = Files.readAllBytes(file);
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf("\"user\":\"") + 8;
        bytes[at] = (byte) 0xC3; // the first byte of a two-byte character, with no second
        Files.write(file, bytes);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = AuditVerifier.report(file, false, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("tampered at seq 1: record 1 does not match its hash");
    }
}
