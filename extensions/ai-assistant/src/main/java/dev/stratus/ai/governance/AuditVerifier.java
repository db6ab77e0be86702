package dev.stratus.ai.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks an audit log written by {@link AuditLog}: every line is complete JSON, {@code seq} runs
 * 1, 2, 3, … without gaps or swaps, each {@code hash} matches its record, and each {@code prev}
 * is the hash before it. That finds an edited, deleted, reordered or forged record and a cut-off
 * last line. Deleting records from the end leaves a shorter valid chain: compare {@link Result#head}
 * with a copy kept elsewhere to catch that.
 */
public final class AuditVerifier {
    private AuditVerifier() {
    }

    /**
     * The outcome of a check.
     *
     * @param ok whether the whole file checked out
     * @param records the records that checked out before the first problem
     * @param firstBadSeq the first sequence number that is not trustworthy (the record found
     *     wrong, or the one missing or expected there), null when ok
     * @param problem what is wrong, null when ok
     * @param head the hash of the last good record (64 zeros for none)
     */
    public record Result(boolean ok, long records, Long firstBadSeq, String problem, String head) {
    }

    public static Result verify(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        long expected = 1;
        String prev = AuditLog.GENESIS;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                return bad(expected, prev, "the last line is cut off (no newline): a truncated or partly written record");
            }
            String line = text.substring(start, end);
            start = end + 1;
            JsonNode record;
            try {
                record = CanonicalJson.JSON.readTree(line);
            } catch (IOException e) {
                return bad(expected, prev, "the record at line " + expected + " is not valid JSON");
            }
            if (!(record instanceof ObjectNode object) || !record.path("seq").isIntegralNumber()
                    || !record.path("hash").isTextual() || !record.path("prev").isTextual()) {
                return bad(expected, prev, "the record at line " + expected + " lacks seq, prev or hash");
            }
            long seq = record.path("seq").asLong();
            if (seq != expected) {
                return bad(expected, prev, seq > expected
                        ? "seq " + seq + " follows seq " + (expected - 1) + ": record(s) deleted"
                        : "seq " + seq + " where seq " + expected + " belongs: records reordered or duplicated");
            }
            ObjectNode body = object.deepCopy();
            body.remove("hash");
            if (!CanonicalJson.sha256(CanonicalJson.write(body)).equals(record.path("hash").asText())) {
                return bad(expected, prev, "record " + seq + " does not match its hash: it was edited");
            }
            if (!record.path("prev").asText().equals(prev)) {
                return bad(expected, prev, "record " + seq + " does not chain to the record before it (prev mismatch):"
                        + " inserted, replaced or forged");
            }
            prev = record.path("hash").asText();
            expected++;
        }
        return new Result(true, expected - 1, null, null, prev);
    }

    private static Result bad(long seq, String head, String problem) {
        return new Result(false, seq - 1, seq, problem, head);
    }
}
