package dev.stratus.examples.todo;

import dev.stratus.extension.api.Extension;
import dev.stratus.extension.api.ExtensionContext;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * TODO Tree: lists the TODO and FIXME comments of the workspace. It contributes the command
 * {@code todo-tree.refresh}, the RPC method {@code ext/todo-tree/list} with the notification
 * {@code ext/todo-tree/changed}, the AI tool {@code list_todos} and the HTTP route {@code GET
 * /api/ext/todo-tree/todos}; its browser module shows the TODOs view.
 */
public final class TodoTreeExtension implements Extension {

    /**
     * Created by the host.
     */
    public TodoTreeExtension() {
    }

    @Override
    public void activate(ExtensionContext context) {
        TodoFinder finder = new TodoFinder(context.settings(), TodoFinder.MAX_ITEMS);

        // The host releases its registrations on deactivation but does not know this thread pool.
        ExecutorService relayThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("todo-tree-relay-", 0).factory());
        context.onDeactivate(relayThreads::shutdownNow);
        TagsRelay relay = new TagsRelay(relayThreads, context.logger());

        context.commands().register(RefreshCommand.ID, new RefreshCommand(finder, context.rpc()));
        context.rpc().register(TodoService.class, session -> new TodoRpcService(session, finder, relay));
        context.aiTools().register(ListTodosTool.create(finder));
        context.http().route("GET", TodosRoute.PATH, new TodosRoute(finder));
        context.settings().onDidChange(relay);
    }
}
