package dev.stratus.ai.governance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Whether the audit log's path still names the file {@link AuditLog} opened, at the size its
 * writer left it: a log replaced while the assistant runs (an editor's save, {@code sed -i}, log
 * rotation that moves it and creates another) would otherwise take every later record to a file
 * no one sees, while the witness moved on. Said once in the server log, with what to do, until
 * the file is back.
 */
final class AuditFileWatch {
    private final Path file;
    private final System.Logger logger;
    /** The identity of the file opened (its device and inode), null where the file system has none. */
    private final Object fileKey;
    /** Whether the file was last found replaced or changed; written by the log's writer thread only. */
    private volatile boolean replaced;

    AuditFileWatch(Path file, System.Logger logger) throws IOException {
        this.file = file;
        this.logger = logger;
        this.fileKey = fileKey(file);
    }

    /**
     * Null when the path still names the file opened, at {@code size}, the size the last batch
     * left it; otherwise the failure for this batch (said in the log the first time). For the
     * log's writer thread.
     *
     * @param current the size of the file opened now
     */
    GovernanceStoreException check(long current, long size) {
        String what;
        try {
            Object key = fileKey(file);
            if (fileKey != null && !fileKey.equals(key)) {
                what = "was replaced or moved";
            } else if (current != size) {
                what = "was changed by another program";
            } else {
                if (replaced) {
                    replaced = false;
                    logger.log(System.Logger.Level.INFO, "The audit log " + file + " is back as the assistant left it; records are written again");
                }
                return null;
            }
        } catch (NoSuchFileException e) {
            what = "was moved or deleted";
        } catch (IOException e) {
            return null; // not known to be replaced: the write says whether the file can be written
        }
        if (!replaced) {
            replaced = true;
            logger.log(System.Logger.Level.ERROR, "The audit log " + file + " " + what + " while the assistant ran."
                    + " Its records would be lost, so every AI request is refused until the file is back as the assistant"
                    + " left it; or stop Stratus, check the log with 'stratus audit verify', and start it again."
                    + " Rotate or edit the audit log only while Stratus is stopped.");
        }
        return new GovernanceStoreException("the audit log " + what + " while the assistant ran; an administrator must"
                + " restore it or restart the server", null);
    }

    /**
     * Whether the file may be found replaced, moved or changed: it was so at the last check, or
     * the path names another file now, or none. Any thread; a look at the path, no more.
     */
    boolean suspect() {
        if (replaced) {
            return true;
        }
        try {
            Object key = fileKey(file);
            return fileKey != null ? !fileKey.equals(key) : false;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false; // not known to be replaced
        }
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
}
