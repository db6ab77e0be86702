package dev.stratus.server.fs;

import dev.stratus.protocol.fs.ChangeType;
import dev.stratus.protocol.fs.FileChange;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one workspace tree with the operating system's notifications (inotify on Linux, through
 * {@link WatchService}) while at least one subscriber exists. Directories are registered as they
 * appear; entries created inside a new directory before it was registered are reported from a
 * scan. Everything under {@code .git} and the file service's staging files are ignored. Each
 * subscriber gets its changes coalesced per path and delivered at most once per debounce window.
 */
public final class WorkspaceWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceWatcher.class);

    private final PathGuard guard;
    private final Duration debounce;
    private final ScheduledExecutorService scheduler;
    private final Set<Subscription> subscriptions = new CopyOnWriteArraySet<>();
    private final Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
    private WatchService service;

    public WorkspaceWatcher(PathGuard guard, Duration debounce, ScheduledExecutorService scheduler) {
        this.guard = guard;
        this.debounce = debounce;
        this.scheduler = scheduler;
    }

    /** A live subscription; {@link #close()} ends it. */
    public final class Subscription implements AutoCloseable {
        private final String base;
        private final boolean recursive;
        private final Consumer<List<FileChange>> sink;
        private final Map<String, ChangeType> pending = new LinkedHashMap<>();
        private boolean flushScheduled;

        private Subscription(String base, boolean recursive, Consumer<List<FileChange>> sink) {
            this.base = base;
            this.recursive = recursive;
            this.sink = sink;
        }

        boolean covers(String rel) {
            if (rel.equals(base)) {
                return true;
            }
            String prefix = base.isEmpty() ? "" : base + "/";
            if (!rel.startsWith(prefix)) {
                return false;
            }
            return recursive || rel.indexOf('/', prefix.length()) < 0;
        }

        synchronized void offer(String rel, ChangeType type) {
            ChangeType before = pending.get(rel);
            ChangeType merged = merge(before, type);
            if (merged == null) {
                pending.remove(rel);
            } else {
                pending.put(rel, merged);
            }
            if (!flushScheduled && !pending.isEmpty()) {
                flushScheduled = true;
                scheduler.schedule(this::flush, debounce.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void flush() {
            List<FileChange> batch = new ArrayList<>();
            synchronized (this) {
                flushScheduled = false;
                pending.forEach((p, t) -> batch.add(new FileChange(t, p)));
                pending.clear();
            }
            if (!batch.isEmpty() && subscriptions.contains(this)) {
                try {
                    sink.accept(batch);
                } catch (RuntimeException e) {
                    LOG.debug("Watch subscriber failed", e);
                }
            }
        }

        @Override
        public void close() {
            unsubscribe(this);
        }
    }

    /** Coalesces two events on one path inside a window; null means "nothing happened". */
    static ChangeType merge(ChangeType before, ChangeType now) {
        if (before == null) {
            return now;
        }
        if (before == ChangeType.CREATED) {
            return now == ChangeType.DELETED ? null : ChangeType.CREATED;
        }
        if (before == ChangeType.DELETED && now == ChangeType.CREATED) {
            return ChangeType.CHANGED;
        }
        return now;
    }

    /** Subscribes to changes at or under {@code relativePath} (already checked by the guard). */
    public synchronized Subscription subscribe(String relativePath, boolean recursive, Consumer<List<FileChange>> sink)
            throws IOException {
        Subscription s = new Subscription(relativePath, recursive, sink);
        if (service == null) {
            start();
        }
        subscriptions.add(s);
        return s;
    }

    private synchronized void unsubscribe(Subscription s) {
        subscriptions.remove(s);
        if (subscriptions.isEmpty()) {
            stop();
        }
    }

    private void start() throws IOException {
        WatchService ws = FileSystems.getDefault().newWatchService();
        service = ws;
        registerTree(ws, guard.root(), false);
        Thread.ofPlatform().daemon().name("stratus-watch").start(() -> loop(ws));
    }

    private void stop() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException ignored) {
                // Closing releases the inotify descriptor; nothing to do if it fails.
            }
            service = null;
            keys.clear();
        }
    }

    private void loop(WatchService ws) {
        try {
            while (true) {
                WatchKey key = ws.take();
                Path dir = keys.get(key);
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        // Events were lost: tell everyone the root changed, so clients re-read.
                        dispatch("", ChangeType.CHANGED);
                    } else if (dir != null) {
                        handle(ws, dir.resolve((Path) event.context()), event.kind());
                    }
                }
                if (!key.reset()) {
                    keys.remove(key);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // Stopped: the last subscriber left or the workspace closed.
        }
    }

    private void handle(WatchService ws, Path child, WatchEvent.Kind<?> kind) {
        String rel = guard.relativize(child);
        if (ignored(rel)) {
            return;
        }
        if (kind == StandardWatchEventKinds.ENTRY_CREATE) {
            dispatch(rel, ChangeType.CREATED);
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                registerTree(ws, child, true);
            }
        } else if (kind == StandardWatchEventKinds.ENTRY_DELETE) {
            dispatch(rel, ChangeType.DELETED);
        } else {
            dispatch(rel, ChangeType.CHANGED);
        }
    }

    private void registerTree(WatchService ws, Path top, boolean reportEntries) {
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    String rel = guard.relativize(dir);
                    if (!rel.isEmpty() && ignored(rel)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    keys.put(dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY), dir);
                    if (reportEntries && !dir.equals(top)) {
                        dispatch(rel, ChangeType.CREATED);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String rel = guard.relativize(file);
                    if (reportEntries && !ignored(rel)) {
                        dispatch(rel, ChangeType.CREATED);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (ClosedWatchServiceException e) {
            // Stopped while scanning.
        } catch (IOException e) {
            LOG.warn("Cannot watch part of the workspace ({}); changes there will not be reported", e.getMessage());
        }
    }

    static boolean ignored(String rel) {
        for (String segment : rel.split("/")) {
            if (segment.equals(".git") || AtomicWriter.isStagingFile(segment)) {
                return true;
            }
        }
        return false;
    }

    private void dispatch(String rel, ChangeType type) {
        for (Subscription s : subscriptions) {
            if (s.covers(rel)) {
                s.offer(rel, type);
            }
        }
    }

    @Override
    public synchronized void close() {
        subscriptions.clear();
        stop();
    }
}
