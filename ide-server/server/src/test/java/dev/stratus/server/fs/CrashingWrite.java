package dev.stratus.server.fs;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.vfs2.impl.DefaultFileSystemManager;
import org.apache.commons.vfs2.provider.local.DefaultLocalFileProvider;

/**
 * Run in a child JVM: starts an atomic write of {@code args[2]} bytes to {@code args[1]} in
 * workspace {@code args[0]} and kills the JVM (no shutdown hooks, no finally blocks) after the
 * new content is fsynced but before the rename.
 */
public final class CrashingWrite {
    public static void main(String[] args) throws Exception {
        DefaultFileSystemManager vfs = new DefaultFileSystemManager();
        vfs.addProvider("file", new DefaultLocalFileProvider());
        vfs.init();
        AtomicWriter crashing = new AtomicWriter(() -> Runtime.getRuntime().halt(137));
        VfsFileStore store = new VfsFileStore(new PathGuard(Path.of(args[0])), vfs, crashing);
        byte[] content = new byte[Integer.parseInt(args[2])];
        Arrays.fill(content, (byte) 'N');
        store.write(args[1], new ByteArrayInputStream(content), Long.MAX_VALUE, FileStore.WriteOptions.DEFAULT);
        System.exit(0);
    }
}
