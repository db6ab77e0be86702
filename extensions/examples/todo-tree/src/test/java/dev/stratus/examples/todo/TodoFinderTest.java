package dev.stratus.examples.todo;

import static dev.stratus.examples.todo.Fakes.caller;
import static dev.stratus.examples.todo.Fakes.match;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.examples.todo.Fakes.FakeSettings;
import dev.stratus.examples.todo.Fakes.FakeWorkspace;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.WorkspaceSearch;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TodoFinderTest {
    private final FakeSettings settings = new FakeSettings();
    private final FakeWorkspace workspace = new FakeWorkspace("w1");
    private final TodoFinder finder = new TodoFinder(settings, 3);

    @Test
    void searchesTheSettingsTagsAsCaseSensitiveWholeWordRegex() {
        settings.values = (c, k) -> List.of("TODO", "HACK");

        finder.find(caller("ann", "w1"), workspace, ListParams.all());

        WorkspaceSearch.Query q = workspace.search().queries.getFirst();
        assertThat(q.query()).isEqualTo("\\b(TODO|HACK)\\b[:\\s]?(.*)");
        assertThat(q.regex()).isTrue();
        assertThat(q.caseSensitive()).isTrue();
        assertThat(q.wholeWord()).isTrue();
        assertThat(q.include()).isEmpty();
        assertThat(q.maxResults()).isEqualTo(3);
    }

    @Test
    void matchesBecomeItemsWithTagAndText() {
        workspace.search().matches = List.of(
                match("src/A.java", 3, 8, "    // TODO: split this class"),
                match("src/b.css", 10, 4, "/* FIXME colours clash */"),
                match("README.md", 1, 6, "<!-- TODO -->"));

        TodoList list = finder.find(caller("ann", "w1"), workspace, null);

        assertThat(list.items()).containsExactly(
                new TodoItem("src/A.java", 3, 8, "TODO", "split this class"),
                new TodoItem("src/b.css", 10, 4, "FIXME", "colours clash"),
                new TodoItem("README.md", 1, 6, "TODO", ""));
        assertThat(list.truncated()).isFalse();
    }

    @Test
    void aPreviewCutInsideTheTagStillGivesAnItem() {
        TodoItem item = TodoFinder.toItem(match("big.min.js", 1, 90000, "…ODO later"),
                java.util.regex.Pattern.compile(TodoTags.regex(List.of("TODO"))), List.of("TODO"));

        assertThat(item).isEqualTo(new TodoItem("big.min.js", 1, 90000, "TODO", "…ODO later"));
    }

    @Test
    void resultsAreCappedAndFlaggedTruncated() {
        workspace.search().matches = IntStream.rangeClosed(1, 3).mapToObj(i -> match("a.txt", i, 1, "TODO " + i)).toList();
        workspace.search().truncated = true;

        assertThat(finder.find(caller("ann", "w1"), workspace, null).truncated()).isTrue();

        // A search that ignores maxResults still yields at most the cap.
        workspace.search().matches = IntStream.rangeClosed(1, 5).mapToObj(i -> match("a.txt", i, 1, "TODO " + i)).toList();
        workspace.search().truncated = false;
        TodoList list = finder.find(caller("ann", "w1"), workspace, null);
        assertThat(list.items()).hasSize(3);
        assertThat(list.truncated()).isTrue();
    }

    @Test
    void noUsableTagsMeansNoSearch() {
        settings.values = (c, k) -> List.of(".*", "");

        assertThat(finder.find(caller("ann", "w1"), workspace, null)).isEqualTo(TodoList.empty());
        assertThat(workspace.search().queries).isEmpty();
    }

    @Test
    void theCallersSettingsApply() {
        settings.values = (c, k) -> c.workspaceId().orElseThrow().equals("w1") ? List.of("XXX") : List.of("TODO");

        finder.find(caller("ann", "w1"), workspace, null);

        assertThat(workspace.search().queries.getFirst().query()).startsWith("\\b(XXX)\\b");
    }

    @Test
    void aTagFilterSearchesOnlyThatTag() {
        finder.find(caller("ann", "w1"), workspace, new ListParams(null, "NOTE"));

        assertThat(workspace.search().queries.getFirst().query()).startsWith("\\b(NOTE)\\b");
    }

    @Test
    void aMalformedTagFilterIsInvalidParams() {
        assertThatThrownBy(() -> finder.find(caller("ann", "w1"), workspace, new ListParams(null, "TODO|.*")))
                .isInstanceOfSatisfying(ExtensionException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExtensionException.Reason.INVALID_PARAMS));
        assertThat(workspace.search().queries).isEmpty();
    }

    @Test
    void aPathFilterNarrowsTheSearchAndTheResults() {
        workspace.search().matches = List.of(
                match("src/main/A.java", 1, 1, "TODO a"),
                match("src/mainly.txt", 1, 1, "TODO b"),
                match("src/main", 1, 1, "TODO c"));

        TodoList list = finder.find(caller("ann", "w1"), workspace, new ListParams("./src/main/", null));

        assertThat(workspace.search().queries.getFirst().include()).containsExactly("src/main", "src/main/**");
        assertThat(list.items()).extracting(TodoItem::path).containsExactly("src/main/A.java", "src/main");
    }

    @Test
    void pathsWithGlobCharactersAreFilteredButNotTurnedIntoGlobs() {
        assertThat(TodoFinder.include("a[1]")).isEmpty();
        assertThat(TodoFinder.include("src/**")).isEmpty();
        assertThat(TodoFinder.include("../etc")).isEmpty();
        assertThat(TodoFinder.include("")).isEmpty();
        assertThat(TodoFinder.scope("/")).isEmpty();
        assertThat(TodoFinder.scope(".")).isEmpty();
        assertThat(TodoFinder.inScope("a[1]", "a[1]/x.txt")).isTrue();
    }
}
