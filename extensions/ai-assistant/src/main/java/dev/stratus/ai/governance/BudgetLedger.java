package dev.stratus.ai.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.ai.JsonMappers;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The append-only file of one budget period: {@code <dataDir>/budgets/<period-key>.jsonl}, one
 * JSON object per line:
 * <pre>
 * {"op":"reserve","id":7,"user":"alice","scopes":["user:alice","team:core"],"tokens":4600}
 * {"op":"settle","id":7,"used":1320}
 * </pre>
 * Replaying the lines of the current period rebuilds its counts. A line cut by a crash (the last
 * one, without its newline) is dropped on open. Not thread-safe: {@link TokenBudgets} serializes.
 * The file is a {@link RandomAccessFile}, not a {@code FileChannel}: requests reserve on their
 * own threads, and a request stopped by interrupting its thread would close a channel it was
 * writing to for every later request.
 */
final class BudgetLedger implements AutoCloseable {
    private static final ObjectMapper JSON = JsonMappers.newMapper();
    private final RandomAccessFile file;
    /** Whether lines are forced to disk; an edit of the budgets' {@code fsync} changes it as the ledger is used. */
    private volatile boolean fsync;
    /** Flushes ({@link #sync}) run together; {@link #close} waits for them and stops them. */
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private boolean closed;
    private IOException closeFailure;

    private BudgetLedger(RandomAccessFile file, boolean fsync) {
        this.file = file;
        this.fsync = fsync;
    }

    /** Opens (creating) the ledger and returns it with the complete lines it already holds. */
    static Opened open(Path file, boolean fsync) throws IOException {
        Files.createDirectories(file.getParent());
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
        try {
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            if (end < bytes.length) {
                raf.setLength(end);
                raf.getFD().sync();
            }
            List<JsonNode> lines = new ArrayList<>();
            for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            raf.seek(end);
            return new Opened(new BudgetLedger(raf, fsync), lines);
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
    }

    /**
     * Opens a ledger only to append to it, without reading it: an ended period's, closed whole
     * when its period rolled, for a call that ran past its end.
     */
    static BudgetLedger appending(Path file, boolean fsync) throws IOException {
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
        try {
            raf.seek(raf.length());
            return new BudgetLedger(raf, fsync);
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
    }

    record Opened(BudgetLedger ledger, List<JsonNode> lines) {
    }

    /** From now on, forces lines to disk ({@link #sync}, {@link #close}) or not. */
    void fsync(boolean on) {
        fsync = on;
    }

    void reserved(Reservation r) throws IOException {
        ObjectNode line = JSON.createObjectNode().put("op", "reserve").put("id", r.id()).put("user", r.userId());
        r.scopes().forEach(line.putArray("scopes")::add);
        write(line.put("tokens", r.tokens()));
    }

    void settled(long id, long used) throws IOException {
        write(JSON.createObjectNode().put("op", "settle").put("id", id).put("used", used));
    }

    /**
     * Forces what was written to disk (when fsync is on). Called after the budgets' lock is
     * released, by the rounds of {@link LedgerFlushes}: one flush for the holds of its moment,
     * none of them queued behind the lock.
     */
    void sync() throws IOException {
        if (!fsync) {
            return;
        }
        closing.readLock().lock();
        try {
            if (closed) {
                // close() forced every line written before it.
                if (closeFailure != null) {
                    throw new IOException("the ledger's last lines could not be flushed when it was closed", closeFailure);
                }
                return;
            }
            file.getFD().sync();
        } finally {
            closing.readLock().unlock();
        }
    }

    private void write(ObjectNode line) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        long start = file.getFilePointer();
        try {
            file.write(bytes);
        } catch (IOException e) {
            // A half-written line would corrupt the next one; the caller rolls its counts back.
            try {
                file.setLength(start);
                file.seek(start);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Forces what was written (when fsync is on: a flush may still be waiting for a line) and closes the file. */
    @Override
    public void close() throws IOException {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (fsync) {
                try {
                    file.getFD().sync();
                } catch (IOException e) {
                    closeFailure = e;
                }
            }
            file.close();
            if (closeFailure != null) {
                throw closeFailure;
            }
        } finally {
            closing.writeLock().unlock();
        }
    }
}
