package dev.stratus.ai.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks an audit log written by {@link AuditLog}: every line is complete JSON, {@code seq} runs
 * 1, 2, 3, … without gaps or swaps, each {@code hash} matches its record, and each {@code prev}
 * is the hash before it. That finds an edited, deleted, reordered or forged record and a cut-off
 * last line. Records deleted from the end leave a shorter valid chain, and records appended to it
 * a longer one: {@link #verifyWitnessed} also checks the {@link AuditHead head witness} beside the
 * log, which finds the first and reports the second as unwitnessed.
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
     * @param unwitnessed how many records follow the last one the head witness covers, in a log
     *     that is otherwise intact (then {@code records} counts the witnessed ones); 0 otherwise
     * @param notes what an intact log says an operator has to judge: records that were beyond
     *     the head witness when the assistant opened the log (its {@link AuditAction#AUDIT}
     *     records); empty when not ok
     */
    public record Result(boolean ok, long records, Long firstBadSeq, String problem, String head, long unwitnessed,
                         List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }

        Result(boolean ok, long records, Long firstBadSeq, String problem, String head, long unwitnessed) {
            this(ok, records, firstBadSeq, problem, head, unwitnessed, List.of());
        }
    }

    /** The chain only (a copy of a log without its witness and key). */
    public static Result verify(Path file) throws IOException {
        return chain(file, new ArrayList<>());
    }

    /** The chain, then the head witness and key beside the log: every edit or deletion is found. */
    public static Result verifyWitnessed(Path file) throws IOException {
        // The witness before the chain: the assistant moves it only after a batch is written, so
        // a log in use is read at or past the head read here, never behind it (which would look
        // like records deleted from the end).
        Optional<byte[]> key = AuditHead.readKey(AuditHead.keyFile(file));
        Optional<AuditHead> head = Optional.empty();
        String headProblem = null;
        if (key.isPresent()) {
            try {
                head = AuditHead.read(file, key.get());
            } catch (IllegalArgumentException e) {
                headProblem = e.getMessage();
            }
        }
        List<String> hashes = new ArrayList<>();
        Result chain = chain(file, hashes);
        if (!chain.ok()) {
            return chain;
        }
        long records = chain.records();
        if (key.isEmpty()) {
            return new Result(false, records, null, "there is no valid " + AuditHead.KEY_FILE + " beside the log to check its head"
                    + " witness with, so records deleted from the end could not be found", chain.head(), 0);
        }
        if (headProblem != null) {
            return new Result(false, records, null, headProblem, chain.head(), 0);
        }
        if (head.isEmpty()) {
            return new Result(false, records, null, "the head witness " + AuditHead.HEAD_FILE + " is missing, so records deleted"
                    + " from the end could not be found", chain.head(), 0);
        }
        long seq = head.get().seq();
        if (seq > records) {
            return new Result(false, records, records + 1, (seq == records + 1 ? "record " + seq + " was" : "records " + (records + 1)
                    + "-" + seq + " were") + " deleted from the end (the head witness says the log reached seq " + seq + ")", chain.head(), 0);
        }
        if (seq > 0 && !hashes.get((int) seq - 1).equals(head.get().hash())) {
            return new Result(false, seq - 1, seq, "record " + seq + " is not the one the head witness recorded: the log was rewritten",
                    seq == 1 ? AuditLog.GENESIS : hashes.get((int) seq - 2), 0);
        }
        if (seq < records) {
            return unwitnessed(seq, records, seq == 0 ? AuditLog.GENESIS : hashes.get((int) seq - 1));
        }
        return chain;
    }

    /**
     * Records after the witnessed head chain correctly but prove nothing: the next seq, the last
     * hash as prev and a plain SHA-256 need no key. The writer can leave such records too: it
     * appends a batch (forced, with fsync) before it replaces the witness, so a crash in between
     * leaves that batch uncovered; the witness is not forced, so after a power loss it may lag by
     * more than one batch; and a batch whose witness cannot be written stays in the log. So no
     * count tells them from forgeries (and a forger can keep within any): they are never ok, and
     * are reported apart from tampering, with what the operator has to judge.
     */
    private static Result unwitnessed(long witnessed, long records, String head) {
        boolean one = records == witnessed + 1;
        String them = one ? "it" : "them";
        String problem = (one ? "record " + records + " comes" : "records " + (witnessed + 1) + "-" + records + " come")
                + " after the last witnessed record (seq " + witnessed + "): " + (one ? "it chains" : "they chain")
                + " correctly, but the head witness does not cover " + them + ", and anyone can append records like that"
                + " without the key. The assistant leaves records unwitnessed only when it stops (a crash or power loss)"
                + " between writing them and moving the witness, or cannot write " + AuditHead.HEAD_FILE + "; if neither"
                + " happened around then, treat " + them + " as forged. Opening the log witnesses " + them
                + " and adds a record saying so, which this check then reports.";
        return new Result(false, witnessed, witnessed + 1, problem, head, records - witnessed);
    }

    /**
     * Verifies {@code file} (with its witness unless {@code chainOnly}) and reports as the command
     * line does: exit 0 and {@code ok: <n> records, head <hash>}; 1 and {@code tampered at seq <n>:
     * <problem>}, {@code unwitnessed from seq <n>: <problem>} (records after the witnessed head) or
     * {@code cannot check: <problem>}; 2 when the file cannot be read.
     */
    public static int report(Path file, boolean chainOnly, PrintStream out, PrintStream err) {
        Result result;
        try {
            result = chainOnly ? verify(file) : verifyWitnessed(file);
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("cannot read " + file + ": no such file");
            return 2;
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        if (result.ok()) {
            out.println("ok: " + result.records() + " records, head " + result.head()
                    + (chainOnly ? " (chain only: records deleted from the end are not found without the head witness)" : ""));
            result.notes().forEach(note -> out.println("note: " + note));
            return 0;
        }
        out.println((result.firstBadSeq() == null ? "cannot check"
                : (result.unwitnessed() > 0 ? "unwitnessed from seq " : "tampered at seq ") + result.firstBadSeq()) + ": " + result.problem());
        return 1;
    }

    private static Result chain(Path file, List<String> hashes) throws IOException {
        // Bytes that are not UTF-8 (a line cut inside a character) are read as U+FFFD, which no hash matches: each is
        // reported at its record, not as a file that cannot be read.
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        long expected = 1;
        String prev = AuditLog.GENESIS;
        List<String> notes = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                return bad(expected, prev, "the last line is cut off (no newline): a truncated or partly written record."
                        + " A crash or power loss while a record was written leaves one; the assistant sets it aside when it"
                        + " starts, into a file beside the log, and records that, unless the head witness covers it (then"
                        + " records are missing)");
            }
            String line = text.substring(start, end);
            start = end + 1;
            JsonNode record;
            try {
                record = CanonicalJson.readStrict(line);
            } catch (JsonProcessingException e) {
                return bad(expected, prev, "the record at line " + expected + " " + unreadable(line, e));
            }
            if (!(record instanceof ObjectNode object) || !record.path("seq").isIntegralNumber()
                    || !record.path("hash").isTextual() || !record.path("prev").isTextual()) {
                return bad(expected, prev, "the record at line " + expected + " lacks seq, prev or hash");
            }
            long seq = record.path("seq").asLong();
            if (seq != expected) {
                return bad(expected, prev, seq < expected
                        ? "seq " + seq + " where seq " + expected + " belongs: records reordered or duplicated"
                        : comesLater(text, start, expected)
                        ? "seq " + seq + " where seq " + expected + " belongs, and seq " + expected + " comes later: records reordered"
                        : "seq " + seq + " follows seq " + (expected - 1) + ": record(s) deleted");
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
            hashes.add(prev);
            note(record).ifPresent(notes::add);
            expected++;
        }
        return new Result(true, expected - 1, null, null, prev, 0, notes);
    }

    /** What an {@link AuditAction#AUDIT} record tells the operator, if {@code record} is one. */
    private static Optional<String> note(JsonNode record) {
        String outcome = record.path("outcome").asText();
        if (!record.path("action").asText().equals(AuditAction.AUDIT.id())) {
            return Optional.empty();
        }
        if (outcome.startsWith(AuditEvent.CUT_ASIDE)) {
            String[] cut = outcome.substring(AuditEvent.CUT_ASIDE.length()).split(":", 3);
            return cut.length < 3 ? Optional.empty() : Optional.of("the log's last line was cut off (" + cut[1]
                    + " bytes where record " + cut[0] + " would begin) when the assistant opened it at " + record.path("time").asText()
                    + " (record " + record.path("seq").asLong() + " says so): a crash or power loss mid-write leaves that. Its bytes"
                    + " are kept in " + cut[2] + " beside the log.");
        }
        if (!outcome.startsWith(AuditEvent.UNWITNESSED)) {
            return Optional.empty();
        }
        String[] range = outcome.substring(AuditEvent.UNWITNESSED.length()).split("-", 2);
        boolean one = range.length == 1 || range[0].equals(range[1]);
        String records = one ? "record " + range[0] + " was" : "records " + range[0] + "-" + range[1] + " were";
        String time = record.path("time").asText();
        return Optional.of(records + " beyond the head witness when the assistant opened the log at " + time + " (record "
                + record.path("seq").asLong() + " says so): a crash or power loss just after " + (one ? "it was" : "they were")
                + " written leaves records like that, and so does an append by anyone while the assistant was stopped."
                + " If the assistant did not stop abnormally just before " + time + ", treat " + (one ? "it" : "them") + " as forged.");
    }

    /** What is wrong with a line the strict read refused, for an operator. */
    private static String unreadable(String line, JsonProcessingException strict) {
        try {
            CanonicalJson.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return "is not valid JSON";
        }
        try {
            CanonicalJson.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(line);
        } catch (JsonProcessingException e) {
            return "has more after it on its line, which its hash does not cover";
        }
        return "has a key twice (" + strict.getOriginalMessage() + "): its hash covers the last value, while grep or"
                + " another reader may show the first";
    }

    /**
     * Whether a line from {@code start} on holds {@code seq}: a record that turns up later was
     * moved, not deleted. Lines are read leniently here; the check reports their own faults.
     */
    private static boolean comesLater(String text, int start, long seq) {
        for (String line : text.substring(start).split("\n")) {
            try {
                JsonNode record = CanonicalJson.JSON.readTree(line);
                if (record != null && record.path("seq").isIntegralNumber() && record.path("seq").asLong() == seq) {
                    return true;
                }
            } catch (JsonProcessingException e) {
                // a broken line is not the moved record; the check reports it when it gets there
            }
        }
        return false;
    }

    private static Result bad(long seq, String head, String problem) {
        return new Result(false, seq - 1, seq, problem, head, 0);
    }
}
