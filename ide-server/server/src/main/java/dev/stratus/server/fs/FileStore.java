package dev.stratus.server.fs;

import dev.stratus.protocol.fs.FileStat;
import java.io.InputStream;
import java.util.List;

/**
 * Blocking file operations on one workspace, with client paths checked by {@link PathGuard}.
 * The RPC service and the HTTP file route are both built on it. Every method throws
 * {@link FsException} for what the client can act on.
 */
public interface FileStore {

    FileStat stat(String path);

    List<FileStat> list(String path);

    /** The whole content, refused with TOO_LARGE above {@code maxBytes}. */
    Content read(String path, long maxBytes);

    /** File bytes and the version they were read at. */
    record Content(byte[] bytes, String version) {
    }

    /** A stream of the content for large files; the caller closes it. */
    Opened openRead(String path);

    /** An open stream and the stat it was opened at. */
    record Opened(FileStat stat, InputStream stream) {
    }

    /**
     * Replaces or creates the file atomically from {@code content}, reading at most
     * {@code maxBytes}. Returns the new version.
     */
    String write(String path, InputStream content, long maxBytes, WriteOptions options);

    /** @param expectedVersion null for no check */
    record WriteOptions(String expectedVersion, boolean create, boolean overwrite) {
        public static final WriteOptions DEFAULT = new WriteOptions(null, true, true);
    }

    void mkdir(String path);

    void delete(String path, boolean recursive);

    void move(String from, String to, boolean overwrite);

    void copy(String from, String to, boolean overwrite);

    /** The guard of this workspace, for watchers that map absolute paths back. */
    PathGuard guard();

    /**
     * Whether the workspace lies on a local disk file system, where a metadata lookup is a
     * syscall served from the kernel's caches and never waits on a network.
     */
    boolean onLocalDisk();
}
