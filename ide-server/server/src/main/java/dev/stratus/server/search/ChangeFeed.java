package dev.stratus.server.search;

import dev.stratus.protocol.fs.FileChange;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Debounced file changes of one workspace, recursively from its root. The composition root
 * backs it with the file service's watcher, so this package needs no file-service class.
 * A change of the root path ({@code ""}) means events were lost and the whole tree may differ.
 */
@FunctionalInterface
public interface ChangeFeed {

    /** Starts delivering batches of changes to {@code sink} until the returned handle is closed. */
    AutoCloseable subscribe(Consumer<List<FileChange>> sink) throws IOException;

    /** A feed that never reports anything (tests that drive the index directly). */
    ChangeFeed NONE = sink -> () -> { };
}
