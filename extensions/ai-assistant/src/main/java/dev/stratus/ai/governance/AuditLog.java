package dev.stratus.ai.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * {@code auditPrompts}, {@code escalations} only on a request that escalated. One thread writes the records, the appends waiting together as one
 * batch: written, forced to disk when {@code fsync} is on, then the {@link AuditHead head
 * witness} moves to the batch's last record, before their {@link #append}s return, so records
 * removed from the end are found too. Records found beyond the witness when the log is opened
 * (a crash between a batch and its witness, or an append while the assistant was stopped) are
 * named in an {@link AuditAction#AUDIT} record before anything else is appended, and so is a cut-off
 * last line beyond the witness, which is set aside ({@link AuditLogEnd}). A batch begins at most every {@link #BATCH_INTERVAL_NANOS
 * 20 ms}: under a steady stream of appends each batch gathers what arrives in that time (one
 * write, flush and witness update for many records; with a batch for every record or two they
 * added about half again to each record's cost, and at 5 ms the witness's replacement was still
 * half the writer's work at a thousand records a second), while an append after a quiet spell is
 * written at once. A streamed answer has reached its client before its record is appended; a
 * non-streamed answer, or the chat panel's closing message, may wait up to that much longer
 * beside a model's seconds.
 * {@link AuditVerifier} checks a file.
 *
 * <p>Before each batch the writer checks that the path still names the file it opened, at the
 * size it left it ({@link AuditFileWatch}). Such a batch fails, as any write failure does, and an
 * error says what happened; the batches after it succeed once the file is back. A request asks
 * {@link #ensureWritable} before anything of it is sent, so that while records cannot be written
 * no prompt reaches a model and no answer a user.
 */
public final class AuditLog implements AutoCloseable {
    static final String GENESIS = "0".repeat(64);
    private static final int MAX_BATCH = 256;
    static final long BATCH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final Pending STOP = new Pending(null, null);
    private final FileChannel channel;
    /** Read by the writer thread at each batch: an edit applies from the next batch ({@link #retune}). */
    private volatile AuditConfig config;
    private final Clock clock;
    private final Path file;
    private final System.Logger logger;
    private final AuditFileWatch watch;
    /** The file's size after the last batch; the writer thread's own. */
    private long size;
    /** Why the last batch failed to write and since when (said once until one succeeds), or null; written by the writer thread only. */
    private volatile Failing failing;
    /** The head witness's HMAC under the log's key; used by the writer thread only. */
    private final Mac headMac;
    /** Appends waiting for the writer; {@link #STOP} ends it. */
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** Batches written so far (for tests). */
    private final AtomicLong batches = new AtomicLong();
    /** The chain's end; the writer thread's own. */
    private long seq;
    private String last;
    /** Guarded by {@link #queue}. */
    private boolean closed;

    private AuditLog(FileChannel channel, AuditConfig config, Clock clock, Path file, System.Logger logger, byte[] key,
                     long seq, String last) throws IOException {
        this.channel = channel;
        this.config = config;
        this.clock = clock;
        this.file = file;
        this.logger = logger;
        this.watch = new AuditFileWatch(file, logger);
        this.size = channel.size();
        this.headMac = AuditHead.newMac(key);
        this.seq = seq;
        this.last = last;
        this.writer = Thread.ofPlatform().daemon().name("audit-log-writer").start(this::writeBatches);
    }

    /**
     * Opens (creating) the log and continues its chain.
     *
     * @throws GovernanceStoreException if the file cannot be opened, or its last record does not
     *     match its hash, or records the head witness covers are cut off or missing: appending to
     *     a damaged log would hide the damage, so an operator runs the verifier first. A cut last
     *     line the witness does not cover is set aside ({@link AuditLogEnd}).
     */
    public static AuditLog open(Path file, AuditConfig config, Clock clock) {
        return open(file, config, clock, System.getLogger(AuditLog.class.getName()));
    }

    /** As {@link #open(Path, AuditConfig, Clock)}, saying on {@code logger} when the file is replaced while open. */
    public static AuditLog open(Path file, AuditConfig config, Clock clock, System.Logger logger) {
        try {
            AuditLogEnd end = AuditLogEnd.read(file, logger);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            AuditLog log;
            try {
                log = new AuditLog(channel, config, clock, file, logger, end.key(), end.seq(), end.last());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            try {
                end.first().forEach(log::append);
            } catch (GovernanceStoreException e) {
                log.close();
                throw e;
            }
            return log;
        } catch (IOException | RuntimeException e) {
            throw new GovernanceStoreException("the audit log cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * Applies {@code next} from the next batch written: prompts are kept (for the records that
     * carry one) or dropped, and batches forced to disk or not, as it says. A record waiting to be
     * written when prompts are turned off is written without its prompt.
     */
    public void retune(AuditConfig next) {
        config = next;
    }

    /**
     * Appends one record; returns once it is written (forced, when {@code fsync} is on) and the
     * head witness is at it or a later record. Records are written by one thread, in batches:
     * the appends waiting together share one write, one flush and one witness update.
     *
     * @return the record as written, with its {@code seq} and {@code hash}
     * @throws GovernanceStoreException if it cannot be written (the chain is unchanged)
     */
    public JsonNode append(AuditEvent event) {
        Pending pending = new Pending(event, new CompletableFuture<>());
        synchronized (queue) {
            if (closed) {
                throw new GovernanceStoreException("the audit log is closed", null);
            }
            queue.add(pending);
        }
        try {
            return pending.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof GovernanceStoreException g ? g
                    : new GovernanceStoreException("the audit log cannot be written", e.getCause());
        }
    }

    /**
     * Returns when the records of a request may be expected to be written: the last batch was
     * written, and the path names the file opened. Otherwise the writer tries the file again:
     * after a failed write, by appending an {@link AuditAction#AUDIT} record saying since when
     * records could not be written (one, however many requests try), or by writing the head
     * witness again when that record is in the log already; after the file was
     * found replaced or moved, by checking that it is back.
     *
     * @throws GovernanceStoreException saying why records cannot be written now
     */
    public void ensureWritable() {
        Failing failed = failing;
        if (failed != null) {
            append(AuditEvent.unwritable(failed.since()));
            return;
        }
        if (!watch.suspect()) {
            return;
        }
        Pending check = new Pending(null, new CompletableFuture<>());
        synchronized (queue) {
            if (closed) {
                throw new GovernanceStoreException("the audit log is closed", null);
            }
            queue.add(check);
        }
        try {
            check.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof GovernanceStoreException g ? g
                    : new GovernanceStoreException("the audit log cannot be written", e.getCause());
        }
    }

    /** An append, or with no event a check of the file ({@link #ensureWritable}). */
    private record Pending(AuditEvent event, CompletableFuture<JsonNode> done) {
    }

    /** @param said whether the log holds the record saying since when (written before its witness failed) */
    private record Failing(String what, Instant since, boolean said) {
    }

    /**
     * The writer: takes what is waiting, writes it as one batch, until closed. After a batch it
     * lets the next gather until {@link #BATCH_INTERVAL_NANOS} after the previous one began.
     */
    private void writeBatches() {
        List<Pending> batch = new ArrayList<>();
        long lastBatch = System.nanoTime() - BATCH_INTERVAL_NANOS;
        boolean interrupted = false;
        for (;;) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            long gather = lastBatch + BATCH_INTERVAL_NANOS - System.nanoTime();
            if (gather > 0 && batch.get(0) != STOP) {
                try {
                    TimeUnit.NANOSECONDS.sleep(gather);
                } catch (InterruptedException e) {
                    interrupted = true; // what was taken is still written, then the writer ends
                }
            }
            lastBatch = System.nanoTime();
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP) || interrupted;
            if (!batch.isEmpty()) {
                writeBatch(batch);
                batches.incrementAndGet();
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    /** How many batches have been written since the log was opened. */
    long batchesWritten() {
        return batches.get();
    }

    private void writeBatch(List<Pending> batch) {
        List<JsonNode> records = new ArrayList<>(batch.size());
        StringBuilder lines = new StringBuilder();
        long next = seq;
        String prev = last;
        Failing failed = failing;
        boolean said = false;
        AuditConfig config = this.config;
        try {
            for (Pending p : batch) {
                boolean unwritable = p.event() != null && p.event().outcome().startsWith(AuditEvent.UNWRITABLE);
                if (p.event() == null || unwritable && (failed == null || failed.said() || said)) {
                    records.add(null); // a check, or an outage another record of this batch (or an earlier one) covers
                    continue;
                }
                said |= unwritable;
                ObjectNode record = CanonicalJson.JSON.valueToTree(p.event());
                if (!config.auditPrompts()) {
                    record.remove("prompt");
                }
                if (p.event().escalations().isEmpty()) {
                    // A request that did not escalate is recorded as before escalations were.
                    record.remove("escalations");
                }
                record.put("seq", next + 1).put("time", Instant.now(clock).toString()).put("prev", prev);
                String hash = CanonicalJson.sha256(CanonicalJson.write(record));
                record.put("hash", hash);
                lines.append(CanonicalJson.write(record)).append('\n');
                next++;
                prev = hash;
                records.add(record);
            }
        } catch (RuntimeException e) {
            fail(batch, new GovernanceStoreException("an audit record could not be made", e));
            return;
        }
        GovernanceStoreException moved;
        try {
            moved = watch.check(channel.size(), size);
        } catch (IOException e) {
            moved = null; // not known to be changed: the write says whether the file can be written
        }
        if (moved != null) {
            fail(batch, moved);
            return;
        }
        if (lines.isEmpty() && failed == null) {
            batch.forEach(p -> p.done().complete(null)); // checks only: the file is as it was left
            return;
        }
        // The check above found the file at the size the last batch left it.
        try {
            byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            if (config.fsync()) {
                channel.force(false);
            }
            size += bytes.length;
        } catch (IOException e) {
            // A half-written line would read as tampering; take the batch back if the file lets us.
            try {
                channel.truncate(size);
                size = channel.size(); // what is left is this writer's doing, not another program's
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            failWriting(batch, "the audit log cannot be written", e, false);
            return;
        }
        seq = next;
        last = prev;
        try {
            new AuditHead(seq, last).write(file, headMac);
        } catch (IOException e) {
            failWriting(batch, "the audit log's head witness cannot be written", e, said);
            return;
        }
        if (failed != null) {
            failing = null;
            logger.log(System.Logger.Level.INFO, "The audit log " + file + " is written again");
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(records.get(i));
        }
    }

    /** Fails the batch; the first failure after a success is logged (each request is refused in any case). */
    /** @param said whether the batch's lines, with the record of the failure before, are in the log */
    private void failWriting(List<Pending> batch, String what, IOException e, boolean said) {
        Failing before = failing;
        if (before == null) {
            logger.log(System.Logger.Level.ERROR, what.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + what.substring(1)
                    + " (" + file + "); AI requests are refused until it can be", e);
        }
        failing = before != null ? new Failing(what, before.since(), before.said() || said) : new Failing(what, Instant.now(clock), false);
        fail(batch, new GovernanceStoreException(what, e));
    }

    private static void fail(List<Pending> batch, GovernanceStoreException e) {
        batch.forEach(p -> p.done().completeExceptionally(e));
    }

    /** Writes what was appended before, then closes the file; later appends fail. */
    @Override
    public void close() throws IOException {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
    }
}
