package dev.stratus.ai.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.Mac;

/**
 * The append-only, hash-chained audit log: one JSON object per line,
 * <pre>
 * {"action":"chat","completionTokens":80,"deployment":"local-qwen","fallbacks":[],"hash":"9c1f…",
 *  "model":"qwen2.5-coder:7b","outcome":"ok","prev":"0000…","promptTokens":1200,"redactions":{"aws-access-key":1},
 *  "seq":1,"tier":"small","time":"2026-11-25T10:00:00Z","user":"alice","workspace":"ws-1"}
 * </pre>
 * {@code seq} counts from 1; {@code prev} is the previous record's {@code hash} (64 zeros for the
 * first); {@code hash} is the SHA-256 of the record without {@code hash} in {@link CanonicalJson}
 * form, which is also how each line is written. {@code prompt} appears only with
 * {@code auditPrompts}. Appends are serialized, and forced to disk when {@code fsync} is on;
 * then the {@link AuditHead head witness} moves to the record (or a later one already on disk),
 * before {@link #append} returns, so records removed from the end are found too.
 * {@link AuditVerifier} checks a file.
 */
public final class AuditLog implements AutoCloseable {
    static final String GENESIS = "0".repeat(64);
    private final FileChannel channel;
    private final AuditConfig config;
    private final Clock clock;
    private final Path file;
    /** The head witness's HMAC under the log's key; used under {@link #headLock}. */
    private final Mac headMac;
    private final Object headLock = new Object();
    /** Serializes appends (a lock rather than a monitor: waiting virtual threads park, they do not spin). */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** The newest record known to be on disk (forced, or written when fsync is off). */
    private final AtomicReference<AuditHead> durable;
    private long seq;
    private String last;
    private long witnessed;

    private AuditLog(FileChannel channel, AuditConfig config, Clock clock, Path file, byte[] key, long seq, String last) {
        this.channel = channel;
        this.config = config;
        this.clock = clock;
        this.file = file;
        this.headMac = AuditHead.newMac(key);
        this.seq = seq;
        this.last = last;
        this.witnessed = seq;
        this.durable = new AtomicReference<>(new AuditHead(seq, last));
    }

    /**
     * Opens (creating) the log and continues its chain.
     *
     * @throws GovernanceStoreException if the file cannot be opened, or its last record is cut
     *     off or does not match its hash: appending to a damaged log would hide the damage, so
     *     an operator runs the verifier first
     */
    public static AuditLog open(Path file, AuditConfig config, Clock clock) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            long seq = 0;
            String last = GENESIS;
            if (Files.exists(file) && Files.size(file) > 0) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (!text.endsWith("\n")) {
                    throw new IOException("the audit log's last record is cut off; verify " + file);
                }
                String line = text.substring(text.lastIndexOf('\n', text.length() - 2) + 1, text.length() - 1);
                JsonNode record = CanonicalJson.JSON.readTree(line);
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
            java.util.Optional<AuditHead> head;
            try {
                head = AuditHead.read(file, key);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage() + "; verify " + file);
            }
            if (head.isPresent() && head.get().seq() > seq) {
                throw new IOException("records " + (seq + 1) + "-" + head.get().seq() + " are missing from the end of the audit log"
                        + " (its head witness says it reached seq " + head.get().seq() + "); verify " + file);
            }
            if (head.isEmpty() && hadKey && seq > 0) {
                throw new IOException("the audit log's head witness is missing; verify " + file);
            }
            // A log from before the witness (or a new one) gets one for its last record now.
            if (head.isEmpty() || head.get().seq() < seq) {
                new AuditHead(seq, last).write(file, key);
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new AuditLog(channel, config, clock, file, key, seq, last);
        } catch (IOException | RuntimeException e) {
            throw new GovernanceStoreException("the audit log cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * Appends one record.
     *
     * @return the record as written, with its {@code seq} and {@code hash}
     * @throws GovernanceStoreException if it cannot be written (the chain is unchanged)
     */
    public JsonNode append(AuditEvent event) {
        JsonNode record;
        writeLock.lock();
        try {
            record = appendLine(event);
        } finally {
            writeLock.unlock();
        }
        long mine = record.path("seq").asLong();
        if (!config.fsync()) {
            advanceDurable(new AuditHead(mine, record.path("hash").asText()));
        } else if (durable.get().seq() < mine) {
            // Forced outside the lock, so concurrent requests' flushes overlap (group commit)
            // rather than queue. A flush covers every record written before it began: one that
            // began after this record was written, and has finished, makes this one's unnecessary.
            AuditHead written;
            writeLock.lock();
            try {
                written = new AuditHead(seq, last);
            } finally {
                writeLock.unlock();
            }
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new GovernanceStoreException("the audit log cannot be written", e);
            }
            advanceDurable(written);
        }
        witness();
        return record;
    }

    /** Notes that every record up to {@code head} is on disk (never moving back). */
    private void advanceDurable(AuditHead head) {
        durable.accumulateAndGet(head, (a, b) -> b.seq() > a.seq() ? b : a);
    }

    /**
     * Moves the head witness to the newest record on disk, which is this caller's or a later
     * one: concurrent appends share one witness write rather than each making their own.
     */
    private void witness() {
        synchronized (headLock) {
            AuditHead head = durable.get();
            if (head.seq() <= witnessed) {
                return;
            }
            try {
                head.write(file, headMac);
            } catch (IOException e) {
                throw new GovernanceStoreException("the audit log's head witness cannot be written", e);
            }
            witnessed = head.seq();
        }
    }

    /** Writes the next record; the caller holds {@link #writeLock}. */
    private JsonNode appendLine(AuditEvent event) {
        ObjectNode record = CanonicalJson.JSON.valueToTree(event);
        if (!config.auditPrompts()) {
            record.remove("prompt");
        }
        record.put("seq", seq + 1).put("time", Instant.now(clock).toString()).put("prev", last);
        String hash = CanonicalJson.sha256(CanonicalJson.write(record));
        record.put("hash", hash);
        String line = CanonicalJson.write(record) + "\n";
        long size = -1;
        try {
            size = channel.size();
            ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            // A half-written line would read as tampering; take it back if the file lets us.
            try {
                if (size >= 0) {
                    channel.truncate(size);
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new GovernanceStoreException("the audit log cannot be written", e);
        }
        seq++;
        last = hash;
        return record;
    }

    @Override
    public void close() throws IOException {
        writeLock.lock();
        try {
            channel.close();
        } finally {
            writeLock.unlock();
        }
    }
}
