package dev.stratus.server.search;

import dev.stratus.server.workspace.Workspace;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search indexes of this server, one per workspace, each in {@code <indexRoot>/<workspace-id>}.
 * An index is opened (and starts building in the background) the first time a workspace is
 * asked for, and stays open until the server closes.
 */
public final class SearchIndexes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexes.class);
    private final Path indexRoot;
    private final SearchConfig config;
    private final Function<Workspace, ChangeFeed> feeds;
    private final Map<String, WorkspaceIndex> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param indexRoot the folder holding one index folder per workspace ({@code <data-dir>/index})
     * @param feeds the change feed of each workspace
     */
    public SearchIndexes(Path indexRoot, SearchConfig config, Function<Workspace, ChangeFeed> feeds) {
        this.indexRoot = indexRoot;
        this.config = config;
        this.feeds = feeds;
    }

    public SearchConfig config() {
        return config;
    }

    /** The index of {@code workspace}, opened and building in the background on first use. */
    public WorkspaceIndex open(Workspace workspace) {
        if (closed) {
            throw SearchException.unavailable("The server is shutting down");
        }
        return open.computeIfAbsent(workspace.id(), id ->
                WorkspaceIndex.open(workspace.root(), indexRoot.resolve(id), config, feeds.apply(workspace)));
    }

    /** Opens the index of each workspace; one that cannot be opened (its folder is gone) is logged and skipped. */
    public void openAll(Collection<Workspace> workspaces) {
        for (Workspace w : workspaces) {
            try {
                open(w);
            } catch (RuntimeException e) {
                LOG.warn("Cannot index workspace {}: {}", w.id(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        open.values().parallelStream().forEach(WorkspaceIndex::close);
        open.clear();
    }
}
