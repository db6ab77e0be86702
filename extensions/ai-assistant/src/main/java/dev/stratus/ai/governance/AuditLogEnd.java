package dev.stratus.ai.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an existing audit log ends, read when {@link AuditLog} opens it: its last record's
 * {@code seq} and {@code hash}, its head witness and key, and what must be recorded before
 * anything else.
 *
 * <p>A last line without its newline is what a crash or power loss leaves in the middle of a
 * batch. When the head witness does not cover it (the witness moves only after a batch is
 * written), nothing the log vouched for is lost: its bytes are moved, as they are, into a file of
 * their own beside the log ({@code audit.jsonl.cut-<seq>}, written and flushed before the log is
 * cut back), and a record says so. A cut line the witness covers is a record lost, and the log
 * stays closed until an operator has looked.
 *
 * @param seq the last complete record's sequence number (0 for none)
 * @param last its hash ({@link AuditLog#GENESIS} for none)
 * @param key the head witness's key
 * @param first what to record before anything else, in order
 */
record AuditLogEnd(long seq, String last, byte[] key, List<AuditEvent> first) {
    static final String CUT = ".cut-";

    /**
     * Reads the end of {@code file} (creating its folder), setting aside a cut last line the
     * witness does not cover; a new log gets its witness.
     *
     * @throws IOException if the file cannot be read, or its end is not one to go on from
     */
    static AuditLogEnd read(Path file, System.Logger logger) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        long seq = 0;
        String last = AuditLog.GENESIS;
        byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end > 0) {
            int start = end - 1;
            while (start > 0 && bytes[start - 1] != '\n') {
                start--;
            }
            JsonNode record = CanonicalJson.JSON.readTree(new String(bytes, start, end - 1 - start, StandardCharsets.UTF_8));
            ObjectNode body = ((ObjectNode) record).deepCopy();
            body.remove("hash");
            if (!CanonicalJson.sha256(CanonicalJson.write(body)).equals(record.path("hash").asText())) {
                throw new IOException("the audit log's last record does not match its hash; verify " + file);
            }
            seq = record.path("seq").asLong();
            last = record.path("hash").asText();
        }
        boolean hadKey = Files.exists(AuditHead.keyFile(file));
        byte[] key = AuditHead.loadOrCreateKey(file);
        Optional<AuditHead> head;
        try {
            head = AuditHead.read(file, key);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage() + "; verify " + file);
        }
        if (head.isPresent() && head.get().seq() > seq) {
            throw new IOException((end < bytes.length ? "the audit log's last record is cut off: " : "")
                    + "records " + (seq + 1) + "-" + head.get().seq() + " are missing from the end of the audit log"
                    + " (its head witness says it reached seq " + head.get().seq() + "); verify " + file);
        }
        if (head.isEmpty() && hadKey && (seq > 0 || end < bytes.length)) {
            throw new IOException("the audit log's head witness is missing; verify " + file);
        }
        List<AuditEvent> first = new ArrayList<>();
        if (end < bytes.length) {
            Path kept = setAside(file, bytes, end, seq + 1);
            logger.log(System.Logger.Level.WARNING, "The audit log " + file + " ended in a cut-off line (" + (bytes.length - end)
                    + " bytes where record " + (seq + 1) + " would begin), as a crash or power loss mid-write leaves it;"
                    + " its bytes are kept in " + kept + " and a record says so ('stratus audit verify' names it)");
            first.add(AuditEvent.cutAside(seq + 1, bytes.length - end, kept.getFileName().toString()));
        }
        // A log from before the witness (or a new one) gets one for its last record now.
        if (head.isEmpty()) {
            new AuditHead(seq, last).write(file, key);
        }
        if (head.isPresent() && head.get().seq() < seq) {
            // Records past the witness: written just before a crash, or by someone while the
            // assistant was stopped. The next batch's witness covers them, so a record says so
            // first, and the verifier keeps naming them.
            first.add(0, AuditEvent.unwitnessed(head.get().seq() + 1, seq));
        }
        return new AuditLogEnd(seq, last, key, List.copyOf(first));
    }

    /** Writes the bytes from {@code end} into a new file beside the log, flushed, then cuts the log back to {@code end}. */
    private static Path setAside(Path file, byte[] bytes, int end, long seq) throws IOException {
        Path kept = null;
        for (int n = 1; kept == null; n++) {
            Path candidate = file.resolveSibling(file.getFileName() + CUT + seq + (n == 1 ? "" : "-" + n));
            try (FileChannel out = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(java.nio.ByteBuffer.wrap(bytes, end, bytes.length - end));
                out.force(true);
                kept = candidate;
            } catch (FileAlreadyExistsException e) {
                // kept from an earlier start: a name of its own
            }
        }
        try (FileChannel log = FileChannel.open(file, StandardOpenOption.WRITE)) {
            log.truncate(end);
            log.force(true);
        }
        return kept;
    }
}
