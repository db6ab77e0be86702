package dev.stratus.server.fs;

import dev.stratus.server.workspace.Workspace;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.cache.NullFilesCache;
import org.apache.commons.vfs2.impl.DefaultFileSystemManager;
import org.apache.commons.vfs2.provider.local.DefaultLocalFileProvider;

/**
 * Stores and watchers for workspaces on the local disk, sharing one VFS manager. The manager
 * keeps no file-object cache: files change behind its back (terminals, git, other tools), and
 * a stale cached attribute would defeat version checks.
 */
public final class LocalFileStores implements FileStores, AutoCloseable {
    private final FsConfig config;
    private final ScheduledExecutorService scheduler;
    private final Map<String, FileStore> stores = new ConcurrentHashMap<>();
    private final Map<String, WorkspaceWatcher> watchers = new ConcurrentHashMap<>();
    private volatile DefaultFileSystemManager vfs;

    public LocalFileStores(FsConfig config) {
        this.config = config;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("stratus-watch-debounce").unstarted(r));
    }

    @Override
    public FileStore store(Workspace workspace) {
        return stores.computeIfAbsent(workspace.id(), id -> new VfsFileStore(workspace.root(), vfs()));
    }

    @Override
    public WorkspaceWatcher watcher(Workspace workspace) {
        return watchers.computeIfAbsent(workspace.id(), id ->
                new WorkspaceWatcher(store(workspace).guard(), config.watchDebounce(), scheduler));
    }

    private DefaultFileSystemManager vfs() {
        DefaultFileSystemManager m = vfs;
        if (m == null) {
            synchronized (this) {
                if (vfs == null) {
                    try {
                        DefaultFileSystemManager created = new DefaultFileSystemManager();
                        created.addProvider("file", new DefaultLocalFileProvider());
                        created.setFilesCache(new NullFilesCache());
                        created.init();
                        vfs = created;
                    } catch (FileSystemException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                m = vfs;
            }
        }
        return m;
    }

    @Override
    public void close() {
        watchers.values().forEach(WorkspaceWatcher::close);
        scheduler.shutdownNow();
        if (vfs != null) {
            vfs.close();
        }
    }
}
