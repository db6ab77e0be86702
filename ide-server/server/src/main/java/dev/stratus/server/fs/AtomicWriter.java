package dev.stratus.server.fs;

import dev.stratus.protocol.ProtocolError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a reader, or the disk after a crash, sees either the old or the new
 * content: the bytes go to a temporary file beside the target, which is fsynced, then renamed over
 * the target, and the directory is fsynced. Staging and committing are separate steps so a long
 * upload holds no lock; only the version check and the rename happen under the caller's lock.
 */
final class AtomicWriter {
    /** Prefix of staging files; the file service hides them from listings and watches. */
    static final String TEMP_PREFIX = ".~stratus-";
    private static final Set<PosixFilePermission> NEW_FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    private final Runnable beforeRename;

    AtomicWriter() {
        this(() -> { });
    }

    /** @param beforeRename runs between fsync and rename; tests use it to crash at the worst moment */
    AtomicWriter(Runnable beforeRename) {
        this.beforeRename = beforeRename;
    }

    static boolean isStagingFile(String name) {
        return name.startsWith(TEMP_PREFIX);
    }

    /**
     * Copies {@code in} into a new fsynced staging file in {@code dir}.
     *
     * @throws FsException TOO_LARGE when more than {@code maxBytes} arrive (the staging file is removed)
     */
    Path stage(Path dir, InputStream in, long maxBytes) throws IOException {
        Path tmp = Files.createTempFile(dir, TEMP_PREFIX, ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new FsException(ProtocolError.TOO_LARGE, "Content is larger than " + maxBytes + " bytes");
                }
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
            }
            ch.force(true);
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Renames a staged file over {@code target}, keeping the target's permissions if it exists. */
    void commit(Path staged, Path target) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                    ? Files.getPosixFilePermissions(target) : NEW_FILE_PERMISSIONS;
            Files.setPosixFilePermissions(staged, perms);
            beforeRename.run();
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            abort(staged);
            throw e;
        }
        fsyncDirectory(target.getParent());
    }

    void abort(Path staged) {
        try {
            Files.deleteIfExists(staged);
        } catch (IOException ignored) {
            // Best effort: a leftover staging file is hidden from clients and harmless.
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some file systems refuse fsync on directories; the rename itself is still atomic.
        }
    }
}
