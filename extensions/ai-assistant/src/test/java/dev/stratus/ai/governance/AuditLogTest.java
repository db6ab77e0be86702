package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.ai.model.Tier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path data;
    Path file;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void setUp() {
        file = data.resolve("audit.jsonl");
    }

    static AuditEvent event(int n) {
        return new AuditEvent("alice", "ws-1", AuditAction.CHAT, Tier.SMALL, "qwen2.5-coder:7b", "local", 100 + n, 20,
                AuditEvent.ok(), List.of("remote-down"), Map.of("aws-access-key", 1), "explain [REDACTED:aws-access-key]");
    }

    void write(int records, AuditConfig config) throws Exception {
        try (AuditLog log = AuditLog.open(file, config, clock)) {
            for (int i = 0; i < records; i++) {
                log.append(event(i));
            }
        }
    }

    List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(file));
    }

    void rewrite(List<String> lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    @Test
    void recordsCarryTheRequestAndChainAcrossRestarts() throws Exception {
        write(2, AuditConfig.defaults());
        write(1, AuditConfig.defaults());
        List<String> lines = lines();
        assertThat(lines).hasSize(3);
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.path("seq").asLong()).isEqualTo(1);
        assertThat(first.path("prev").asText()).isEqualTo("0".repeat(64));
        assertThat(first.path("action").asText()).isEqualTo("chat");
        assertThat(first.path("tier").asText()).isEqualTo("small");
        assertThat(first.path("outcome").asText()).isEqualTo("ok");
        assertThat(first.path("fallbacks").get(0).asText()).isEqualTo("remote-down");
        assertThat(first.path("redactions").path("aws-access-key").asInt()).isEqualTo(1);
        assertThat(first.path("time").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(first.has("prompt")).isFalse();
        assertThat(json.readTree(lines.get(2)).path("prev").asText()).isEqualTo(json.readTree(lines.get(1)).path("hash").asText());
        AuditVerifier.Result result = AuditVerifier.verify(file);
        assertThat(result.ok()).isTrue();
        assertThat(result.records()).isEqualTo(3);
        assertThat(result.head()).isEqualTo(json.readTree(lines.get(2)).path("hash").asText());
    }

    @Test
    void theHashIsSha256OfTheCanonicalRecordWithoutIt() throws Exception {
        write(1, AuditConfig.defaults());
        String line = lines().getFirst();
        ObjectNode record = (ObjectNode) json.readTree(line);
        String hash = record.remove("hash").asText();
        assertThat(CanonicalJson.sha256(CanonicalJson.write(record))).isEqualTo(hash);
        assertThat(line).startsWith("{\"action\":\"chat\",\"completionTokens\":20,\"deployment\":\"local\",");
    }

    @Test
    void promptsAreWrittenOnlyWhenConfigured() throws Exception {
        write(1, new AuditConfig(true, false));
        assertThat(json.readTree(lines().getFirst()).path("prompt").asText()).isEqualTo("explain [REDACTED:aws-access-key]");
        assertThat(AuditVerifier.verify(file).ok()).isTrue();
    }

    @Test
    void promptsTurnedOnOrOffAsTheLogRunsApplyFromTheNextRecordAndTheChainGoesOn() throws Exception {
        try (AuditLog log = AuditLog.open(file, AuditConfig.defaults(), clock)) {
            log.append(event(0));
            log.retune(new AuditConfig(true, false));
            log.append(event(1));
            log.retune(new AuditConfig(false, true));
            log.append(event(2));
        }
        assertThat(lines()).extracting(l -> json.readTree(l).has("prompt")).containsExactly(false, true, false);
        assertThat(AuditVerifier.verify(file).ok()).isTrue();
    }

    @Test
    void anEditedRecordIsFound() throws Exception {
        write(5, AuditConfig.defaults());
        List<String> lines = lines();
        lines.set(2, lines.get(2).replace("\"promptTokens\":102", "\"promptTokens\":2"));
        rewrite(lines);
        assertBad(3, "edited");
    }

    @Test
    void aDeletedRecordIsFound() throws Exception {
        write(5, AuditConfig.defaults());
        List<String> lines = lines();
        lines.remove(2);
        rewrite(lines);
        assertBad(3, "deleted");
    }

    @Test
    void aDeletedRecordWithSequenceNumbersRewrittenBreaksTheChain() throws Exception {
        write(5, AuditConfig.defaults());
        List<String> lines = lines();
        lines.remove(2);
        ObjectNode moved = (ObjectNode) json.readTree(lines.get(2));
        moved.put("seq", 3);
        moved.remove("hash");
        moved.put("hash", CanonicalJson.sha256(CanonicalJson.write(moved)));
        lines.set(2, CanonicalJson.write(moved));
        rewrite(lines);
        assertBad(3, "prev mismatch");
    }

    @Test
    void swappedRecordsAreReportedAsReorderedNotDeleted() throws Exception {
        write(5, AuditConfig.defaults());
        List<String> lines = lines();
        String third = lines.remove(2);
        lines.add(3, third);
        rewrite(lines);
        assertBad(3, "seq 4 where seq 3 belongs, and seq 3 comes later: records reordered");
        assertThat(AuditVerifier.verifyWitnessed(file).problem()).doesNotContain("deleted");
    }

    @Test
    void aRecordWithADuplicateKeyIsFoundAtAnyDepth() throws Exception {
        write(3, AuditConfig.defaults());
        List<String> intact = lines();
        // Hashed as its last value, the forged first one is what grep or a first-wins reader shows.
        List<String> lines = new ArrayList<>(intact);
        lines.set(1, "{\"user\":\"mallory\"," + lines.get(1).substring(1));
        rewrite(lines);
        assertThat(json.readTree(lines.get(1)).path("user").asText()).isEqualTo("alice");
        assertBad(2, "the record at line 2 has a key twice");
        assertBad(2, "'user'");

        lines = new ArrayList<>(intact);
        lines.set(1, lines.get(1).replace("\"redactions\":{", "\"redactions\":{\"aws-access-key\":0,"));
        rewrite(lines);
        assertBad(2, "the record at line 2 has a key twice");

        lines = new ArrayList<>(intact);
        lines.set(1, lines.get(1).replace("\"fallbacks\":[\"remote-down\"]",
                "\"fallbacks\":[{\"to\":\"remote-down\",\"to\":\"local\"}]"));
        rewrite(lines);
        assertThat(AuditVerifier.verify(file).problem()).contains("the record at line 2 has a key twice", "'to'");
    }

    @Test
    void aRecordWithSomethingAfterItOnItsLineIsFound() throws Exception {
        write(3, AuditConfig.defaults());
        List<String> lines = lines();
        lines.set(1, lines.get(1) + "{\"user\":\"mallory\"}");
        rewrite(lines);
        assertBad(2, "the record at line 2 has more after it on its line");
    }

    @Test
    void aWitnessWithADuplicateKeyIsFound() throws Exception {
        write(3, AuditConfig.defaults());
        Path head = AuditHead.headFile(file);
        Files.writeString(head, "{\"seq\":99," + Files.readString(head).substring(1));
        AuditVerifier.Result result = AuditVerifier.verifyWitnessed(file);
        assertThat(result.ok()).isFalse();
        assertThat(result.problem()).contains("the head witness is not valid JSON");
    }

    @Test
    void aTruncatedLastLineIsFound() throws Exception {
        write(3, AuditConfig.defaults());
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() - 30));
        assertBad(3, "cut off");
        assertThatThrownBy(() -> AuditLog.open(file, AuditConfig.defaults(), clock))
                .isInstanceOf(GovernanceStoreException.class).hasMessageContaining("cut off");
    }

    @Test
    void anAppendedForgedRecordWithoutTheRightPrevIsFound() throws Exception {
        write(3, AuditConfig.defaults());
        ObjectNode forged = (ObjectNode) json.readTree(lines().get(2));
        forged.put("seq", 4).put("prev", "f".repeat(64)).put("user", "mallory");
        forged.remove("hash");
        forged.put("hash", CanonicalJson.sha256(CanonicalJson.write(forged)));
        Files.writeString(file, CanonicalJson.write(forged) + "\n", java.nio.file.StandardOpenOption.APPEND);
        assertBad(4, "prev mismatch");
    }

    @Test
    void theCommandExitsZeroWhenIntactAndOneWithTheReasonWhenTampered() throws Exception {
        write(2, AuditConfig.defaults());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(AuditVerifyMain.run(new String[] {"verify", file.toString()}, print, print)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("ok: 2 records, head ");
        List<String> lines = lines();
        lines.set(0, lines.get(0).replace("alice", "bob"));
        rewrite(lines);
        out.reset();
        assertThat(AuditVerifyMain.run(new String[] {"verify", file.toString()}, print, print)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("tampered at seq 1: record 1 does not match its hash");
        assertThat(AuditVerifyMain.run(new String[] {"check"}, print, print)).isEqualTo(2);
        assertThat(AuditVerifyMain.run(new String[] {"verify", data.resolve("missing").toString()}, print, print)).isEqualTo(2);
    }

    /** What each append of {@link #appendConcurrently} does after it returns, given its record's seq. */
    interface AfterAppend {
        void check(long seq) throws Exception;
    }

    /** {@code appenders} virtual threads each append {@code each} records to {@code log}; returns when all are done. */
    static void appendConcurrently(AuditLog log, int appenders, int each, AfterAppend after) throws Exception {
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < appenders; t++) {
                int n = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        after.check(log.append(event(n * each + i)).path("seq").asLong());
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get();
            }
        }
    }

    @Test
    void concurrentAppendsFormOneChainAndEachReturnsWithTheWitnessAtOrPastItsRecord() throws Exception {
        try (AuditLog log = AuditLog.open(file, AuditConfig.defaults(), clock)) {
            appendConcurrently(log, 50, 10, seq -> {
                long witnessed = AuditHead.read(file, AuditHead.loadOrCreateKey(file)).orElseThrow().seq();
                assertThat(witnessed).as("witness when record %d returned", seq).isGreaterThanOrEqualTo(seq);
            });
        }
        assertThat(lines()).hasSize(500);
        assertThat(AuditVerifier.verify(file).ok()).isTrue();
        assertThat(AuditHead.read(file, AuditHead.loadOrCreateKey(file)).orElseThrow().seq()).isEqualTo(500);
    }

    @Test
    void underASteadyStreamOfAppendsABatchBeginsAtMostEveryIntervalAndGathersWhatArrived() throws Exception {
        long start = System.nanoTime();
        long batches;
        try (AuditLog log = AuditLog.open(file, AuditConfig.defaults(), clock)) {
            appendConcurrently(log, 20, 30, seq -> { });
            batches = log.batchesWritten();
        }
        long elapsed = System.nanoTime() - start;
        // Each batch begins at least the interval after the one before it, the first after open.
        assertThat(batches).isBetween(1L, 1 + elapsed / AuditLog.BATCH_INTERVAL_NANOS);
        assertThat(batches).as("batches for 600 records from 20 appenders").isLessThan(600 / 2);
        assertThat(lines()).hasSize(600);
        assertThat(AuditVerifier.verify(file).ok()).isTrue();
    }

    @Test
    void recordsDeletedFromTheEndAreFoundThroughTheHeadWitness() throws Exception {
        write(5, AuditConfig.defaults());
        List<String> lines = lines();
        rewrite(lines.subList(0, 3));
        // The chain alone cannot tell: a shorter log is still a valid chain.
        assertThat(AuditVerifier.verify(file).ok()).isTrue();
        assertBad(4, "records 4-5 were deleted from the end (the head witness says the log reached seq 5)");
        assertThatThrownBy(() -> AuditLog.open(file, AuditConfig.defaults(), clock))
                .isInstanceOf(GovernanceStoreException.class).hasMessageContaining("records 4-5 are missing from the end");
        rewrite(lines.subList(0, 4));
        assertBad(5, "record 5 was deleted from the end");
    }

    @Test
    void aWitnessEditedWithoutTheKeyIsFound() throws Exception {
        write(5, AuditConfig.defaults());
        rewrite(lines().subList(0, 3));
        ObjectNode head = (ObjectNode) json.readTree(Files.readString(AuditHead.headFile(file)));
        head.put("seq", 3).put("hash", json.readTree(lines().get(2)).get("hash").asText());
        Files.writeString(AuditHead.headFile(file), CanonicalJson.write(head) + "\n");
        AuditVerifier.Result result = AuditVerifier.verifyWitnessed(file);
        assertThat(result.ok()).isFalse();
        assertThat(result.problem()).contains("does not match its MAC");
    }

    @Test
    void aLogReplacedByAnotherValidChainOfTheSameLengthIsFound() throws Exception {
        write(3, AuditConfig.defaults());
        Path other = data.resolve("other/audit.jsonl");
        clock.advance(java.time.Duration.ofMinutes(5));
        try (AuditLog log = AuditLog.open(other, AuditConfig.defaults(), clock)) {
            for (int i = 0; i < 3; i++) {
                log.append(event(10 + i));
            }
        }
        Files.copy(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertBad(3, "record 3 is not the one the head witness recorded");
    }

    @Test
    void recordsAppendedAfterTheWitnessedHeadAreReportedAsUnwitnessed() throws Exception {
        write(4, AuditConfig.defaults());
        // A forger needs no key for this: the next seq, the last hash as prev, a plain SHA-256.
        ObjectNode forged = (ObjectNode) json.readTree(lines().get(3));
        appendRehashed(forged.put("seq", 5).put("prev", forged.get("hash").asText()).put("user", "mallory").put("completionTokens", 999999));
        assertThat(AuditVerifier.verify(file).ok()).as("a chain alone cannot tell").isTrue();

        AuditVerifier.Result result = AuditVerifier.verifyWitnessed(file);
        assertThat(result.ok()).isFalse();
        assertThat(result.unwitnessed()).isEqualTo(1);
        assertThat(result.records()).isEqualTo(4);
        assertThat(result.firstBadSeq()).isEqualTo(5);
        assertThat(result.head()).isEqualTo(json.readTree(lines().get(3)).get("hash").asText());
        assertThat(result.problem()).contains("record 5 comes after the last witnessed record (seq 4)");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(AuditVerifyMain.run(new String[] {"verify", file.toString()}, print, print)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("unwitnessed from seq 5: ").contains("treat it as forged");

        appendRehashed(forged.put("seq", 6).put("prev", forged.get("hash").asText()));
        result = AuditVerifier.verifyWitnessed(file);
        assertThat(result.unwitnessed()).isEqualTo(2);
        assertThat(result.problem()).contains("records 5-6 come after the last witnessed record (seq 4)");
    }

    @Test
    void aWitnessBehindTheLogAsAfterACrashIsReportedAndMovesOnWithTheNextRecord() throws Exception {
        write(3, AuditConfig.defaults());
        // As after a crash between writing a batch and moving the witness: verify cannot tell
        // that from an append by someone without the key, so it says which records are uncovered.
        byte[] key = AuditHead.loadOrCreateKey(file);
        new AuditHead(2, json.readTree(lines().get(1)).get("hash").asText()).write(file, key);
        AuditVerifier.Result result = AuditVerifier.verifyWitnessed(file);
        assertThat(result.ok()).isFalse();
        assertThat(result.unwitnessed()).isEqualTo(1);
        assertThat(result.problem()).contains("record 3 comes after", "crash");
        clock.advance(java.time.Duration.ofHours(1));
        write(1, AuditConfig.defaults());
        // Opening says first which records it found uncovered; the next record follows it.
        assertThat(AuditHead.read(file, key).orElseThrow().seq()).isEqualTo(5);
        JsonNode opened = json.readTree(lines().get(3));
        assertThat(opened.get("seq").asLong()).isEqualTo(4);
        assertThat(opened.get("action").asText()).isEqualTo("audit");
        assertThat(opened.get("outcome").asText()).isEqualTo("unwitnessed:3-3");
        assertThat(json.readTree(lines().get(4)).get("action").asText()).isEqualTo("chat");
        result = AuditVerifier.verifyWitnessed(file);
        assertThat(result.ok()).isTrue();
        assertThat(result.records()).isEqualTo(5);
        assertThat(result.notes()).singleElement().asString()
                .startsWith("record 3 was beyond the head witness when the assistant opened the log at 2026-11-25T11:00:00Z (record 4 says so)")
                .contains("treat it as forged");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(AuditVerifyMain.run(new String[] {"verify", file.toString()}, print, print)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("ok: 5 records, head ").contains("\nnote: record 3 was beyond");
    }

    @Test
    void recordsForgedWhileTheAssistantWasStoppedAreStillNamedAfterItStartsAgain() throws Exception {
        write(2, AuditConfig.defaults());
        ObjectNode forged = (ObjectNode) json.readTree(lines().get(1));
        appendRehashed(forged.put("seq", 3).put("prev", forged.get("hash").asText()).put("user", "mallory"));
        appendRehashed(forged.put("seq", 4).put("prev", forged.get("hash").asText()));
        write(3, AuditConfig.defaults());
        write(1, AuditConfig.defaults());

        AuditVerifier.Result result = AuditVerifier.verifyWitnessed(file);
        assertThat(result.ok()).isTrue();
        assertThat(result.records()).isEqualTo(9);
        assertThat(result.notes()).singleElement().asString().startsWith("records 3-4 were beyond the head witness")
                .contains("(record 5 says so)", "treat them as forged");
        assertThat(lines()).filteredOn(l -> l.contains("\"action\":\"audit\"")).hasSize(1);
    }

    @Test
    void aLogInUseIsNeverReportedAsCutShort() throws Exception {
        try (AuditLog log = AuditLog.open(file, AuditConfig.defaults(), clock)) {
            appendConcurrently(log, 100, 30, seq -> { }); // a log long enough that reading it takes a while
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread appender = Thread.ofVirtual().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    log.append(event(i));
                }
            });
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                AuditVerifier.Result r = AuditVerifier.verifyWitnessed(file);
                // What a log being written may honestly show: records not yet witnessed, a line being written.
                if (!r.ok() && r.unwitnessed() == 0 && !r.problem().contains("cut off")) {
                    problems.add(r.problem());
                }
            }
            stop.set(true);
            appender.join();
            assertThat(problems).isEmpty();
        }
        assertThat(AuditVerifier.verifyWitnessed(file).ok()).isTrue();
    }

    @Test
    void withoutItsWitnessALogCannotBeCheckedExceptAsAChain() throws Exception {
        write(2, AuditConfig.defaults());
        Files.delete(AuditHead.headFile(file));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(AuditVerifyMain.run(new String[] {"verify", file.toString()}, print, print)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("cannot check: the head witness audit.head is missing");
        out.reset();
        assertThat(AuditVerifyMain.run(new String[] {"verify", file.toString(), "--chain-only"}, print, print)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("ok: 2 records, head ").contains("chain only");
        assertThatThrownBy(() -> AuditLog.open(file, AuditConfig.defaults(), clock))
                .isInstanceOf(GovernanceStoreException.class).hasMessageContaining("head witness is missing");
        assertThat(Files.getPosixFilePermissions(AuditHead.keyFile(file)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    /** Appends {@code record} with its hash made again, as anyone can without the key. */
    private void appendRehashed(ObjectNode record) throws Exception {
        record.remove("hash");
        record.put("hash", CanonicalJson.sha256(CanonicalJson.write(record)));
        Files.writeString(file, CanonicalJson.write(record) + "\n", java.nio.file.StandardOpenOption.APPEND);
    }

    private void assertBad(long seq, String problem) throws Exception {
        AuditVerifier.Result result = AuditVerifier.verifyWitnessed(file);
        assertThat(result.ok()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(seq);
        assertThat(result.records()).isEqualTo(seq - 1);
        assertThat(result.problem()).contains(problem);
    }
}
