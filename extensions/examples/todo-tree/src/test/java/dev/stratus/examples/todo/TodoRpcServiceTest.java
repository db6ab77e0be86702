package dev.stratus.examples.todo;

import static dev.stratus.examples.todo.Fakes.caller;
import static dev.stratus.examples.todo.Fakes.match;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.examples.todo.Fakes.FakeSession;
import dev.stratus.examples.todo.Fakes.FakeSettings;
import dev.stratus.examples.todo.Fakes.FakeWorkspace;
import dev.stratus.extension.api.Settings;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TodoRpcServiceTest {
    private final FakeSettings settings = new FakeSettings();
    private final TodoFinder finder = new TodoFinder(settings, 2000);
    private final TagsRelay relay = new TagsRelay(Runnable::run, System.getLogger("test"));
    private final FakeWorkspace w1 = new FakeWorkspace("w1");
    private final FakeWorkspace w2 = new FakeWorkspace("w2");

    @Test
    void listFindsTheTodosOfTheConnectionsWorkspace() {
        w1.search().matches = List.of(match("a.txt", 4, 3, "# TODO: tidy"));
        TodoService service = new TodoRpcService(new FakeSession(caller("ann", "w1"), w1), finder, relay);

        TodoList list = service.list(null);

        assertThat(list).isEqualTo(new TodoList(List.of(new TodoItem("a.txt", 4, 3, "TODO", "tidy")), false));
        assertThat(w2.search().queries).isEmpty();
    }

    @Test
    void aTagsChangeIsSentToTheConnectionsItReaches() {
        FakeSession annW1 = new FakeSession(caller("ann", "w1"), w1);
        FakeSession annW2 = new FakeSession(caller("ann", "w2"), w2);
        FakeSession bobW1 = new FakeSession(caller("bob", "w1"), w1);
        new TodoRpcService(annW1, finder, relay);
        new TodoRpcService(annW2, finder, relay);
        new TodoRpcService(bobW1, finder, relay);
        w1.search().matches = List.of(match("a.txt", 1, 1, "TODO x"));

        relay.accept(new Settings.Change(Set.of(TodoTags.SETTING), "ann", null));
        assertThat(annW1.sent()).containsExactly(new TodoChanged(1, false));
        assertThat(annW2.sent()).containsExactly(new TodoChanged(0, false));
        assertThat(bobW1.sent()).isEmpty();

        relay.accept(new Settings.Change(Set.of(TodoTags.SETTING), null, "w1"));
        assertThat(annW1.sent()).hasSize(2);
        assertThat(annW2.sent()).hasSize(1);
        assertThat(bobW1.sent()).containsExactly(new TodoChanged(1, false));
    }

    @Test
    void otherSettingsAndClosedConnectionsAreLeftAlone() throws Exception {
        FakeSession open = new FakeSession(caller("ann", "w1"), w1);
        FakeSession closed = new FakeSession(caller("ann", "w1"), w1);
        new TodoRpcService(open, finder, relay);
        new TodoRpcService(closed, finder, relay).close();

        relay.accept(new Settings.Change(Set.of("other-ext.colour"), "ann", null));
        assertThat(open.sent()).isEmpty();

        relay.accept(new Settings.Change(Set.of(TodoTags.SETTING), "ann", null));
        assertThat(open.sent()).hasSize(1);
        assertThat(closed.sent()).isEmpty();
    }

    @Test
    void aFailingConnectionDoesNotKeepTheOthersUntold() {
        FakeSession broken = new FakeSession(caller("ann", "w1"), new FakeWorkspace("w1", new Fakes.FakeSearch() {
            @Override
            public Result text(Query query) {
                throw new IllegalStateException("index closed");
            }
        }));
        FakeSession fine = new FakeSession(caller("ann", "w2"), w2);
        new TodoRpcService(broken, finder, relay);
        new TodoRpcService(fine, finder, relay);

        relay.accept(new Settings.Change(Set.of(TodoTags.SETTING), "ann", null));

        assertThat(fine.sent()).containsExactly(new TodoChanged(0, false));
    }
}
