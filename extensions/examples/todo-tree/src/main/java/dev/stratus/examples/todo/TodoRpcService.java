package dev.stratus.examples.todo;

import dev.stratus.extension.api.RpcSession;
import dev.stratus.extension.api.Settings;

/**
 * {@link TodoService} for one workspace connection. While open it is known to the {@link
 * TagsRelay}, which tells its connection when the user's tags change.
 */
final class TodoRpcService implements TodoService, AutoCloseable {
    private final RpcSession session;
    private final TodoFinder finder;
    private final TagsRelay relay;
    private final TodoClient client;

    TodoRpcService(RpcSession session, TodoFinder finder, TagsRelay relay) {
        this.session = session;
        this.finder = finder;
        this.relay = relay;
        this.client = session.notifications(TodoClient.class);
        relay.opened(this);
    }

    @Override
    public TodoList list(ListParams params) {
        return finder.find(session.caller(), session.workspace(), params);
    }

    /**
     * Whether a settings change reaches this connection: one of its workspace, or of its user.
     *
     * @param change the change
     * @return true when the connection's effective settings may have changed
     */
    boolean affectedBy(Settings.Change change) {
        if (change.workspaceId() != null) {
            return change.workspaceId().equals(session.workspace().id());
        }
        return change.userId() == null || change.userId().equals(session.caller().userId());
    }

    /**
     * Finds the TODOs again and sends {@code changed} on this connection.
     */
    void sendChanged() {
        TodoList list = list(ListParams.all());
        client.changed(new TodoChanged(list.items().size(), list.truncated()));
    }

    @Override
    public void close() {
        relay.closed(this);
    }
}
