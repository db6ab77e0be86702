package dev.stratus.server.search;

import dev.stratus.protocol.fs.FileChange;
import dev.stratus.protocol.search.IndexStatus;
import dev.stratus.protocol.search.SearchTextResult;
import dev.stratus.protocol.search.SymbolMatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search index of one workspace and the thread that keeps it in step with the disk.
 *
 * <p>On open, one background thread opens the Lucene index (at its last commit), loads what it
 * holds, subscribes to the workspace's changes, then reconciles: lists the tree, deletes what is
 * gone and (re)indexes only files whose modification time or size differ from the index, in
 * parallel, committing every {@link SearchConfig#commitEveryFiles()} files, so a restart or a
 * crash never redoes finished work. It then applies change batches as they come: each changed
 * path is synced with the disk, the near-real-time reader is refreshed (the change is
 * searchable) and the index committed. A changed ignore file, or lost events, trigger another
 * reconciliation. Searches run on their callers' threads against the current reader.
 */
public final class WorkspaceIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceIndex.class);
    private static final List<FileChange> STOP = new ArrayList<>();
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Path root;
    private final Path dir;
    private final SearchConfig config;
    private final ChangeFeed feed;
    private final IgnoreRules rules;
    private final WorkspaceScanner scanner;
    private final TextSearcher texts;
    private final NavigableMap<String, LuceneIndex.Entry> catalog = new ConcurrentSkipListMap<>();
    private final CompletableFuture<LuceneIndex> lucene = new CompletableFuture<>();
    private final LinkedBlockingQueue<List<FileChange>> queue = new LinkedBlockingQueue<>();
    private final Set<Consumer<IndexStatus>> listeners = new CopyOnWriteArraySet<>();
    private final AtomicInteger reindexed = new AtomicInteger();
    private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    private final Thread worker;
    private volatile IndexStatus status = new IndexStatus("indexing", 0, 0, 0);
    private volatile boolean closed;

    private WorkspaceIndex(Path root, Path dir, SearchConfig config, ChangeFeed feed) {
        this.root = root;
        this.dir = dir;
        this.config = config;
        this.feed = feed;
        this.rules = new IgnoreRules(root);
        this.scanner = new WorkspaceScanner(root, rules);
        this.texts = new TextSearcher(config, root);
        this.worker = Thread.ofPlatform().daemon().name("stratus-index-" + dir.getFileName()).unstarted(this::run);
    }

    /** Opens the index of the workspace at {@code root}, kept in {@code dir}; builds in the background. */
    static WorkspaceIndex open(Path root, Path dir, SearchConfig config, ChangeFeed feed) {
        Path real;
        try {
            real = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Workspace folder is not available: " + root, e);
        }
        WorkspaceIndex index = new WorkspaceIndex(real, dir, config, feed);
        index.worker.start();
        return index;
    }

    /** The current state of the index. */
    public IndexStatus status() {
        return status;
    }

    /** Calls {@code listener} with progress while the index builds and when it is ready, until closed. */
    AutoCloseable onProgress(Consumer<IndexStatus> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    SearchTextResult text(TextQuery query, BooleanSupplier cancelled) {
        try {
            return lucene().withSearcher(s -> texts.search(s, query, cancelled));
        } catch (IOException | org.apache.lucene.store.AlreadyClosedException e) {
            throw SearchException.unavailable("The search index of this workspace is unavailable; try again");
        }
    }

    /** Paths matching {@code query} fuzzily, best first. */
    List<String> files(String query, int max) {
        FuzzyScorer scorer = new FuzzyScorer(query);
        if (scorer.isEmpty()) {
            return catalog.keySet().stream().limit(max).toList();
        }
        Ranking<String> ranking = new Ranking<>(max);
        for (String path : catalog.keySet()) {
            int score = scorer.score(path);
            if (score != FuzzyScorer.NO_MATCH) {
                ranking.offer(path, score, path.length(), path);
            }
        }
        return ranking.best();
    }

    /** Declarations whose name matches {@code query} fuzzily, best first. */
    List<SymbolMatch> symbols(String query, int max) {
        FuzzyScorer scorer = new FuzzyScorer(query);
        Ranking<SymbolMatch> ranking = new Ranking<>(max);
        for (LuceneIndex.Entry entry : catalog.values()) {
            for (SymbolMatch s : entry.symbols()) {
                int score = scorer.score(s.name());
                if (score != FuzzyScorer.NO_MATCH) {
                    ranking.offer(s, score, s.name().length(), s.path() + "\n" + String.format("%09d", s.line()));
                }
            }
        }
        return ranking.best();
    }

    private LuceneIndex lucene() {
        try {
            return lucene.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw SearchException.unavailable("The search index of this workspace is unavailable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted");
        }
    }

    private void run() {
        LuceneIndex index = null;
        AutoCloseable subscription = null;
        try {
            index = LuceneIndex.open(dir);
            catalog.putAll(index.load());
            lucene.complete(index);
            try {
                subscription = feed.subscribe(queue::add);
            } catch (IOException e) {
                // Searching a snapshot beats not searching: it is reconciled again on the next open.
                LOG.warn("Cannot watch {} for changes ({}); its search index will not follow edits", root, e.toString());
            }
            reconcile(index);
            while (!closed) {
                List<FileChange> batch = queue.take();
                if (batch == STOP) {
                    break;
                }
                List<FileChange> changes = new ArrayList<>(batch);
                for (List<FileChange> more; (more = queue.poll()) != null && more != STOP; ) {
                    changes.addAll(more);
                }
                apply(index, changes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            LOG.error("Search index {} failed; search is unavailable for this workspace", dir, t);
            lucene.completeExceptionally(t);
            publish(new IndexStatus("unavailable", status.indexedFiles(), status.totalFiles(), reindexed.get()), true);
        } finally {
            closeQuietly(subscription);
            closeQuietly(index);
        }
    }

    private void reconcile(LuceneIndex index) throws IOException {
        rules.invalidate();
        status = new IndexStatus("indexing", 0, 0, reindexed.get());
        Map<String, WorkspaceScanner.Stat> disk = scanner.scan("", () -> closed);
        if (closed) {
            return;
        }
        int deleted = 0;
        for (String path : catalog.keySet()) {
            if (!disk.containsKey(path)) {
                index.delete(path);
                catalog.remove(path);
                deleted++;
            }
        }
        List<String> todo = new ArrayList<>();
        disk.forEach((path, stat) -> {
            LuceneIndex.Entry known = catalog.get(path);
            if (known == null || !known.sameStat(stat)) {
                todo.add(path);
            }
        });
        int total = disk.size();
        AtomicInteger checked = new AtomicInteger(total - todo.size());
        // Clients hear about a reconciliation only when it has work to do: one that finds the
        // index current (most restarts, most ignore-file edits) would just be noise.
        boolean announce = !todo.isEmpty() || deleted > 0;
        IndexStatus started = new IndexStatus("indexing", checked.get(), total, reindexed.get());
        if (announce) {
            publish(started, true);
        } else {
            status = started;
        }
        indexAll(index, todo, checked, total);
        index.commit();
        index.refresh();
        if (!closed) {
            IndexStatus ready = new IndexStatus("ready", total, total, reindexed.get());
            if (announce) {
                publish(ready, true);
            } else {
                status = ready;
            }
        }
    }

    private void indexAll(LuceneIndex index, List<String> paths, AtomicInteger checked, int total) throws IOException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sinceCommit = new AtomicInteger();
        AtomicLong lastRefresh = new AtomicLong(System.nanoTime());
        Throwable[] failure = {null};
        Runnable work = () -> {
            try {
                for (int i = next.getAndIncrement(); i < paths.size() && !closed; i = next.getAndIncrement()) {
                    sync(index, paths.get(i), false);
                    int done = checked.incrementAndGet();
                    if (sinceCommit.incrementAndGet() % config.commitEveryFiles() == 0) {
                        index.commit();
                    }
                    long now = System.nanoTime();
                    long last = lastRefresh.get();
                    if (now - last > TimeUnit.SECONDS.toNanos(1) && lastRefresh.compareAndSet(last, now)) {
                        index.refresh();
                    }
                    publish(new IndexStatus("indexing", done, total, reindexed.get()), false);
                }
            } catch (IOException | RuntimeException e) {
                synchronized (failure) {
                    failure[0] = e;
                }
            }
        };
        int threads = Math.min(config.indexThreads(), Math.max(1, paths.size()));
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofVirtual().name("stratus-indexer").start(work));
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while indexing", e);
            }
        }
        synchronized (failure) {
            if (failure[0] instanceof IOException e) {
                throw e;
            }
            if (failure[0] instanceof RuntimeException e) {
                throw e;
            }
        }
    }

    /** Brings the index entry of file {@code path} in line with the disk. */
    private void sync(LuceneIndex index, String path, boolean confine) throws IOException {
        IndexableFile file;
        try {
            file = IndexableFile.read(root, path, config, confine);
        } catch (IOException e) {
            LOG.debug("Cannot index {}: {}", path, e.toString());
            file = null;
        }
        if (file == null) {
            remove(index, path);
            return;
        }
        index.put(file);
        catalog.put(path, new LuceneIndex.Entry(file.stat().mtime(), file.stat().size(), file.kind(), file.symbols()));
        reindexed.incrementAndGet();
    }

    private void remove(LuceneIndex index, String path) throws IOException {
        if (catalog.remove(path) != null) {
            index.delete(path);
        }
        NavigableMap<String, LuceneIndex.Entry> below = catalog.subMap(path + "/", true, path + "0", false);
        if (!below.isEmpty()) {
            index.deleteTree(path);
            below.clear();
        }
    }

    private void apply(LuceneIndex index, List<FileChange> changes) throws IOException {
        for (FileChange c : changes) {
            if (c.path() == null || c.path().isEmpty() || IgnoreRules.isIgnoreFile(c.path())) {
                reconcile(index);
                return;
            }
        }
        for (FileChange c : changes) {
            String path = c.path();
            BasicFileAttributes attrs = lstat(path);
            if (attrs == null) {
                remove(index, path);
            } else if (attrs.isDirectory()) {
                if (rules.ignoredWithAncestors(path, true)) {
                    remove(index, path);
                } else {
                    syncFolder(index, path);
                }
            } else if (attrs.isRegularFile() && !rules.ignoredWithAncestors(path, false)) {
                sync(index, path, true);
            } else {
                remove(index, path);
            }
        }
        index.refresh();
        index.commit();
        if (status.state().equals("ready")) {
            status = new IndexStatus("ready", catalog.size(), catalog.size(), reindexed.get());
        }
    }

    private void syncFolder(LuceneIndex index, String folder) throws IOException {
        if (!root.resolve(folder).toRealPath().startsWith(root)) {
            remove(index, folder);
            return;
        }
        Map<String, WorkspaceScanner.Stat> disk = scanner.scan(folder, () -> closed);
        for (String path : List.copyOf(catalog.subMap(folder + "/", true, folder + "0", false).keySet())) {
            if (!disk.containsKey(path)) {
                remove(index, path);
            }
        }
        for (Map.Entry<String, WorkspaceScanner.Stat> e : disk.entrySet()) {
            LuceneIndex.Entry known = catalog.get(e.getKey());
            if (known == null || !known.sameStat(e.getValue())) {
                sync(index, e.getKey(), true);
            }
        }
    }

    private BasicFileAttributes lstat(String path) {
        try {
            return Files.readAttributes(root.resolve(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.debug("Cannot stat {}: {}", path, e.toString());
            return null;
        }
    }

    private void publish(IndexStatus next, boolean force) {
        status = next;
        long now = System.nanoTime();
        long last = lastProgress.get();
        if (!force && (now - last < PROGRESS_INTERVAL_NANOS || !lastProgress.compareAndSet(last, now))) {
            return;
        }
        lastProgress.set(now);
        for (Consumer<IndexStatus> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.debug("Progress listener failed", e);
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Closing search index resource failed", e);
            }
        }
    }

    /** Stops the background thread (at the next file) and closes the index with a final commit. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            worker.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listeners.clear();
    }
}
