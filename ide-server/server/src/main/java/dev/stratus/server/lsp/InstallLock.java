package dev.stratus.server.lsp;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One installation at a time per install folder: a lock per folder inside this process, and a
 * file lock ({@code .install.lock} in the folder) against other processes, such as
 * {@code stratus language-servers install} while the server runs. A second installation waits.
 */
final class InstallLock implements AutoCloseable {
    static final String FILE = ".install.lock";
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final long POLL_MILLIS = 200;

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock fileLock;

    private InstallLock(ReentrantLock local, FileChannel channel, FileLock fileLock) {
        this.local = local;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Takes the folder's lock, creating the folder, and calls {@code onWait} once if another
     * installation holds it.
     *
     * @throws LanguageServerInstallException Unavailable when the folder cannot be locked, or
     *     the other installation still runs after {@code timeout}
     */
    static InstallLock acquire(Path installDir, Duration timeout, Runnable onWait) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path dir = installDir.toAbsolutePath().normalize();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(dir, d -> new ReentrantLock());
        boolean waited = false;
        if (!local.tryLock()) {
            onWait.run();
            waited = true;
            if (!local.tryLock(remaining(deadline), TimeUnit.NANOSECONDS)) {
                throw busy();
            }
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            for (FileLock lock; ; ) {
                lock = channel.tryLock();
                if (lock != null) {
                    return new InstallLock(local, channel, lock);
                }
                if (!waited) {
                    onWait.run();
                    waited = true;
                }
                if (remaining(deadline) <= 0) {
                    throw busy();
                }
                Thread.sleep(Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(remaining(deadline)) + 1));
            }
        } catch (IOException e) {
            release(local, channel);
            throw LanguageServerInstallException.unavailable("Cannot lock the language-server install folder: " + e.getMessage());
        } catch (InterruptedException | RuntimeException e) {
            release(local, channel);
            throw e;
        }
    }

    private static long remaining(long deadline) {
        return deadline - System.nanoTime();
    }

    private static LanguageServerInstallException busy() {
        return LanguageServerInstallException.unavailable(
                "Another language-server installation into the same folder is still running; try again when it has finished");
    }

    private static void release(ReentrantLock local, FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // Closing releases the lock; nothing else to do.
        } finally {
            local.unlock();
        }
    }

    @Override
    public void close() {
        try {
            fileLock.release();
        } catch (IOException e) {
            // The channel's close below releases it too.
        }
        release(local, channel);
    }
}
