package dev.stratus.server.search;

import dev.stratus.protocol.Empty;
import dev.stratus.protocol.search.IndexStatus;
import dev.stratus.protocol.search.SearchClient;
import dev.stratus.protocol.search.SearchFilesParams;
import dev.stratus.protocol.search.SearchFilesResult;
import dev.stratus.protocol.search.SearchService;
import dev.stratus.protocol.search.SearchSymbolsParams;
import dev.stratus.protocol.search.SearchSymbolsResult;
import dev.stratus.protocol.search.SearchTextParams;
import dev.stratus.protocol.search.SearchTextResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * {@link SearchService} of one RPC connection over its workspace's {@link WorkspaceIndex}: checks
 * params, runs every call on the given executor (virtual threads, never the I/O thread), stops a
 * text search when the client cancels it, and relays index progress to the client as
 * {@code search/indexProgress} until the connection closes. Progress goes only to connections
 * that have called a search method (a client that shows progress calls {@code search/status}
 * once): connections that never search are not sent notifications they did not ask for.
 */
public final class LuceneSearchService implements SearchService, AutoCloseable {
    private static final int DEFAULT_FILES = 50;
    private static final int DEFAULT_SYMBOLS = 100;
    private static final int MAX_FUZZY = 1000;

    private final WorkspaceIndex index;
    private final SearchConfig config;
    private final Executor executor;
    private final SearchClient client;
    private AutoCloseable progress;
    private boolean closed;

    public LuceneSearchService(WorkspaceIndex index, SearchClient client, SearchConfig config, Executor executor) {
        this.index = index;
        this.config = config;
        this.executor = executor;
        this.client = client;
    }

    private synchronized void subscribe() {
        if (progress == null && !closed) {
            progress = index.onProgress(client::indexProgress);
        }
    }

    @Override
    public CompletableFuture<SearchTextResult> text(SearchTextParams params) {
        return async(cancelled -> index.text(TextQuery.of(params, config), cancelled));
    }

    @Override
    public CompletableFuture<SearchFilesResult> files(SearchFilesParams params) {
        return async(cancelled -> {
            if (params == null || params.query() == null) {
                throw SearchException.invalid("query is required");
            }
            return new SearchFilesResult(index.files(params.query(), limit(params.maxResults(), DEFAULT_FILES)));
        });
    }

    @Override
    public CompletableFuture<SearchSymbolsResult> symbols(SearchSymbolsParams params) {
        return async(cancelled -> {
            if (params == null) {
                throw SearchException.invalid("params object is required");
            }
            String query = params.query() == null ? "" : params.query();
            return new SearchSymbolsResult(index.symbols(query, limit(params.maxResults(), DEFAULT_SYMBOLS)));
        });
    }

    @Override
    public CompletableFuture<IndexStatus> status(Empty params) {
        subscribe();
        return CompletableFuture.completedFuture(index.status());
    }

    private static int limit(Integer requested, int fallback) {
        if (requested == null) {
            return fallback;
        }
        if (requested < 1) {
            throw SearchException.invalid("maxResults must be at least 1");
        }
        return Math.min(requested, MAX_FUZZY);
    }

    private <T> CompletableFuture<T> async(Function<BooleanSupplier, T> work) {
        subscribe();
        CompletableFuture<T> future = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                future.complete(work.apply(future::isCancelled));
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        return future;
    }

    @Override
    public synchronized void close() throws Exception {
        closed = true;
        if (progress != null) {
            progress.close();
        }
    }
}
