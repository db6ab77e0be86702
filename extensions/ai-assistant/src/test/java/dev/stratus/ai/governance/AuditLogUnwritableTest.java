package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AuditLog#ensureWritable}, asked before a request sends anything: it refuses while the
 * log cannot take records, and once it can again, one record says since when it could not.
 */
class AuditLogUnwritableTest {
    @TempDir
    Path data;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void afterAFailedWriteRequestsAreRefusedUntilOneRecordSaysSinceWhenTheLogCouldNotBeWritten() throws Exception {
        Path file = data.resolve("audit.jsonl");
        Path head = data.resolve(AuditHead.HEAD_FILE);
        try (AuditLog log = AuditLog.open(file, AuditConfig.defaults(), clock)) {
            log.ensureWritable();
            log.append(AuditLogTest.event(1));
            Files.delete(head);
            Files.createDirectory(head); // the witness cannot be replaced
            assertThatThrownBy(() -> log.append(AuditLogTest.event(2))).isInstanceOf(GovernanceStoreException.class);

            clock.advance(java.time.Duration.ofMinutes(5));
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(log::ensureWritable).isInstanceOf(GovernanceStoreException.class)
                        .hasMessageContaining("head witness cannot be written");
            }

            Files.delete(head);
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<CompletableFuture<Void>> asking = java.util.stream.IntStream.range(0, 8)
                        .mapToObj(i -> CompletableFuture.runAsync(log::ensureWritable, pool)).toList();
                asking.forEach(CompletableFuture::join);
            }
            log.ensureWritable();
            log.append(AuditLogTest.event(3));
        }
        List<String> outages = Files.readAllLines(file).stream().map(AuditLogUnwritableTest::outcome)
                .filter(o -> o.startsWith("unwritable-since:")).toList();
        assertThat(outages).containsExactly("unwritable-since:2026-11-25T10:00:00Z");
        AuditVerifier.Result verified = AuditVerifier.verifyWitnessed(file);
        assertThat(verified.ok()).as(verified.problem()).isTrue();
        assertThat(verified.records()).isEqualTo(4);
    }

    private static String outcome(String line) {
        try {
            return CanonicalJson.JSON.readTree(line).path("outcome").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
