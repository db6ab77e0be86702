package dev.stratus.examples.todo;

import static dev.stratus.examples.todo.Fakes.caller;
import static dev.stratus.examples.todo.Fakes.match;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.examples.todo.Fakes.FakeRpc;
import dev.stratus.examples.todo.Fakes.FakeSettings;
import dev.stratus.examples.todo.Fakes.FakeWorkspace;
import dev.stratus.extension.api.CommandInvocation;
import dev.stratus.extension.api.ExtensionException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefreshCommandTest {
    private final FakeRpc rpc = new FakeRpc();
    private final FakeWorkspace workspace = new FakeWorkspace("w1");
    private final RefreshCommand command = new RefreshCommand(new TodoFinder(new FakeSettings(), 2000), rpc);

    @Test
    void tellsEveryConnectionOfTheWorkspaceAndSummarises() {
        workspace.search().matches = List.of(match("a.txt", 1, 1, "TODO one"), match("a.txt", 2, 1, "FIXME two"),
                match("b.txt", 9, 1, "TODO three"));

        Object result = command.run(new CommandInvocation(RefreshCommand.ID, caller("ann", "w1"), List.of(),
                Optional.of(workspace)));

        assertThat(result).isEqualTo("3 TODOs");
        assertThat(rpc.broadcasts).containsOnlyKeys("w1");
        assertThat(rpc.broadcasts.get("w1")).containsExactly(new TodoChanged(3, false));
    }

    @Test
    void needsAWorkspace() {
        assertThatThrownBy(() -> command.run(new CommandInvocation(RefreshCommand.ID, caller("ann", null), List.of(),
                Optional.empty())))
                .isInstanceOfSatisfying(ExtensionException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExtensionException.Reason.INVALID_PARAMS));
        assertThat(rpc.broadcasts).isEmpty();
    }

    @Test
    void summaryCountsInWords() {
        TodoItem t = new TodoItem("a", 1, 1, "TODO", "");
        assertThat(RefreshCommand.summary(TodoList.empty())).isEqualTo("No TODOs");
        assertThat(RefreshCommand.summary(new TodoList(List.of(t), false))).isEqualTo("1 TODO");
        assertThat(RefreshCommand.summary(new TodoList(List.of(t, t), false))).isEqualTo("2 TODOs");
        assertThat(RefreshCommand.summary(new TodoList(List.of(t, t), true))).isEqualTo("2+ TODOs");
    }
}
