package dev.stratus.examples.todo;

import static dev.stratus.examples.todo.Fakes.caller;
import static dev.stratus.examples.todo.Fakes.match;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.examples.todo.Fakes.FakeContext;
import dev.stratus.examples.todo.Fakes.FakeSession;
import dev.stratus.examples.todo.Fakes.FakeWorkspace;
import dev.stratus.extension.api.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TodoTreeExtensionTest {
    private final FakeContext context = new FakeContext();

    @Test
    void activationRegistersEverythingTheManifestPromises() throws Exception {
        new TodoTreeExtension().activate(context);

        assertThat(context.commands).containsOnlyKeys("todo-tree.refresh");
        assertThat(context.rpc.services).containsOnlyKeys(TodoService.class);
        assertThat(context.tools).containsOnlyKeys("list_todos");
        assertThat(context.routes).containsOnlyKeys("GET todos");
        assertThat(context.settings.listeners).hasSize(1);
        assertThat(context.onDeactivate).hasSize(1);
    }

    @Test
    void aTagsChangeReachesAnOpenConnection() throws Exception {
        new TodoTreeExtension().activate(context);
        FakeWorkspace w1 = new FakeWorkspace("w1");
        w1.search().matches = List.of(match("a.txt", 1, 1, "TODO x"));
        FakeSession session = new FakeSession(caller("ann", "w1"), w1);
        TodoService service = context.rpc.open(TodoService.class, session);
        assertThat(service.list(ListParams.all()).items()).hasSize(1);

        context.settings.fire(new Settings.Change(Set.of(TodoTags.SETTING), "ann", null));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (session.sent().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(session.sent()).containsExactly(new TodoChanged(1, false));
    }

    @Test
    void deactivationStopsTheRelayThreads() throws Exception {
        new TodoTreeExtension().activate(context);
        FakeWorkspace w1 = new FakeWorkspace("w1");
        FakeSession session = new FakeSession(caller("ann", "w1"), w1);
        context.rpc.open(TodoService.class, session);

        for (AutoCloseable resource : context.onDeactivate) {
            resource.close();
        }
        context.settings.fire(new Settings.Change(Set.of(TodoTags.SETTING), "ann", null));

        Thread.sleep(100);
        assertThat(session.sent()).isEmpty();
        assertThat(w1.search().queries).isEmpty();
    }
}
