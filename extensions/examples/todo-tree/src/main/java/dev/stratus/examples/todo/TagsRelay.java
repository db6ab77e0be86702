package dev.stratus.examples.todo;

import dev.stratus.extension.api.Settings;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Sends {@code changed} to each open connection whose tags setting changed. Each connection is
 * told on its own (not with a workspace broadcast) because the setting may be a user's, and two
 * users of one workspace can have different tags.
 */
final class TagsRelay implements Consumer<Settings.Change> {
    private final Set<TodoRpcService> open = ConcurrentHashMap.newKeySet();
    private final Executor executor;
    private final System.Logger logger;

    /**
     * A relay.
     *
     * @param executor runs the searches, off the thread that reports the change
     * @param logger for connections that could not be told
     */
    TagsRelay(Executor executor, System.Logger logger) {
        this.executor = executor;
        this.logger = logger;
    }

    void opened(TodoRpcService service) {
        open.add(service);
    }

    void closed(TodoRpcService service) {
        open.remove(service);
    }

    @Override
    public void accept(Settings.Change change) {
        if (!change.keys().contains(TodoTags.SETTING)) {
            return;
        }
        for (TodoRpcService service : open) {
            if (service.affectedBy(change)) {
                try {
                    executor.execute(() -> send(service));
                } catch (RejectedExecutionException e) {
                    return; // deactivating
                }
            }
        }
    }

    // One connection failing (closed meanwhile, a search error) must not keep the others untold.
    private void send(TodoRpcService service) {
        try {
            service.sendChanged();
        } catch (RuntimeException e) {
            logger.log(System.Logger.Level.WARNING, "Could not send todo-tree changes to a connection: {0}",
                    e.getClass().getSimpleName());
        }
    }
}
