package dev.stratus.server.search;

import dev.stratus.protocol.search.SearchTextResult;
import dev.stratus.protocol.search.TextMatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;

/**
 * Runs one {@code search/text}: the trigram index picks candidate files, the path globs narrow
 * them, and virtual threads (one per processor) verify candidates in path order against their
 * text: the file itself while unchanged since indexing ({@link DiskText}), else the stored text.
 * A literal ASCII query is verified on the file's bytes where it can be ({@link Utf8LiteralMatcher}).
 * Workers stop as soon as the files before them already hold more than {@code maxResults}
 * matches, so a truncated search reads only what it returns (plus the files in progress).
 */
final class TextSearcher {
    private final SearchConfig config;
    private final Path root;

    /** Verifies candidates against {@code root}'s files where unchanged since indexing ({@link DiskText}); null: stored text only. */
    TextSearcher(SearchConfig config, Path root) {
        this.config = config;
        this.root = root;
    }

    SearchTextResult search(IndexSearcher searcher, TextQuery query, BooleanSupplier cancelled) throws IOException {
        long started = System.nanoTime();
        if (query.empty()) {
            return new SearchTextResult(List.of(), false, 0);
        }
        List<LuceneIndex.Candidate> candidates = LuceneIndex.candidates(searcher, query.trigrams(), query.paths()::accepts);
        Run run = new Run(candidates, query, started, cancelled);
        int workers = Math.min(candidates.size(), Math.max(1, Runtime.getRuntime().availableProcessors()));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofVirtual().name("stratus-search").start(run::work));
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            run.failure.compareAndSet(null, new CancellationException("search interrupted"));
            threads.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
        }
        Throwable failure = run.failure.get();
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        List<TextMatch> matches = new ArrayList<>();
        boolean truncated = false;
        for (List<TextMatch> found : run.results) {
            if (found == null) {
                continue;
            }
            for (TextMatch m : found) {
                if (matches.size() == query.maxResults()) {
                    truncated = true;
                    break;
                }
                matches.add(m);
            }
            if (truncated) {
                break;
            }
        }
        return new SearchTextResult(matches, truncated, (System.nanoTime() - started) / 1_000_000);
    }

    private final class Run {
        final List<LuceneIndex.Candidate> candidates;
        final TextQuery query;
        final long started;
        final BooleanSupplier cancelled;
        final List<TextMatch>[] results;
        final AtomicInteger next = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final boolean[] done;
        private int contiguous;
        private long prefixMatches;
        private volatile int stopAt;

        @SuppressWarnings("unchecked")
        Run(List<LuceneIndex.Candidate> candidates, TextQuery query, long started, BooleanSupplier cancelled) {
            this.candidates = candidates;
            this.query = query;
            this.started = started;
            this.cancelled = cancelled;
            this.results = new List[candidates.size()];
            this.done = new boolean[candidates.size()];
            this.stopAt = candidates.size();
        }

        void work() {
            Map<Integer, StoredFields> stored = new HashMap<>();
            DiskText disk = new DiskText(root, config);
            long lineTimeout = config.regexLineTimeout().toNanos();
            long deadline = started + config.searchTimeout().toNanos();
            try {
                for (int i = next.getAndIncrement(); i < stopAt && failure.get() == null; i = next.getAndIncrement()) {
                    if (cancelled.getAsBoolean()) {
                        throw new CancellationException("search cancelled");
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw SearchException.unavailable("The search took longer than " + config.searchTimeout().toSeconds()
                                + " s; narrow it with a longer query or include globs");
                    }
                    finished(i, verify(candidates.get(i), disk, stored, lineTimeout));
                }
            } catch (IOException e) {
                failure.compareAndSet(null, new UncheckedIOException(e));
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
        }

        /** The matches in one candidate: on its bytes when they decide, else on its text. */
        private List<TextMatch> verify(LuceneIndex.Candidate c, DiskText disk, Map<Integer, StoredFields> stored, long lineTimeout)
                throws IOException {
            int limit = query.maxResults() + 1;
            int length = disk.read(c);
            if (length >= 0 && query.utf8() != null) {
                List<TextMatch> found = Utf8LiteralMatcher.find(c.path(), disk.buffer(), length, query, limit, config.binaryProbeBytes());
                if (found != null) {
                    return found;
                }
            }
            String text = length < 0 ? null : disk.text(length);
            if (text == null) {
                StoredFields fields = stored.get(c.leaf().ord);
                if (fields == null) {
                    fields = c.leaf().reader().storedFields();
                    stored.put(c.leaf().ord, fields);
                }
                text = LuceneIndex.readString(fields, c.doc(), LuceneIndex.CONTENT);
            }
            try {
                return text == null ? List.of() : LineMatcher.find(c.path(), text, query, limit, lineTimeout);
            } catch (DeadlineCharSequence.Expired e) {
                throw SearchException.unavailable("The regular expression took too long (over "
                        + config.regexLineTimeout().toMillis() + " ms on one line of " + c.path()
                        + "); simplify it, e.g. avoid nested repetition like (a+)+");
            } catch (StackOverflowError e) {
                throw SearchException.unavailable("The regular expression is too complex for a line of " + c.path()
                        + "; simplify it");
            }
        }

        private synchronized void finished(int i, List<TextMatch> found) {
            results[i] = found;
            done[i] = true;
            while (contiguous < done.length && done[contiguous]) {
                prefixMatches += results[contiguous].size();
                contiguous++;
                if (prefixMatches > query.maxResults()) {
                    stopAt = contiguous;
                    return;
                }
            }
        }
    }
}
