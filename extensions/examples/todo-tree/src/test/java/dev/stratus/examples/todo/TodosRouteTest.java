package dev.stratus.examples.todo;

import static dev.stratus.examples.todo.Fakes.caller;
import static dev.stratus.examples.todo.Fakes.match;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.examples.todo.Fakes.FakeHttpRequest;
import dev.stratus.examples.todo.Fakes.FakeSettings;
import dev.stratus.examples.todo.Fakes.FakeWorkspace;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TodosRouteTest {
    private final ObjectMapper json = new ObjectMapper();
    private final FakeSettings settings = new FakeSettings();
    private final FakeWorkspace workspace = new FakeWorkspace("w1");
    private final TodosRoute route = new TodosRoute(new TodoFinder(settings, 2000));

    @Test
    void answersTheWorkspacesTodosAsJson() throws Exception {
        workspace.search().matches = List.of(match("src/a.c", 12, 4, "/* TODO: free it */"));

        HttpResponse response = route.handle(request(Map.of("workspace", "w1")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"items\":[{\"path\":\"src/a.c\",\"line\":12,\"column\":4,\"tag\":\"TODO\",\"text\":\"free it\"}],"
                        + "\"truncated\":false}");
    }

    @Test
    void theWorkspacesSettingsApply() {
        settings.values = (c, k) -> c.workspaceId().isPresent() ? List.of("XXX") : List.of("TODO");

        route.handle(request(Map.of("workspace", "w1")));

        assertThat(workspace.search().queries.getFirst().query()).startsWith("\\b(XXX)\\b");
    }

    @Test
    void filtersByPathAndTag() {
        route.handle(request(Map.of("workspace", "w1", "path", "src", "tag", "BUG")));

        assertThat(workspace.search().queries.getFirst().query()).startsWith("\\b(BUG)\\b");
        assertThat(workspace.search().queries.getFirst().include()).containsExactly("src", "src/**");
    }

    @Test
    void aMissingWorkspaceIsInvalidParamsAndAnUnknownOneNotFound() {
        assertThatThrownBy(() -> route.handle(request(Map.of())))
                .isInstanceOfSatisfying(ExtensionException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExtensionException.Reason.INVALID_PARAMS));
        assertThatThrownBy(() -> route.handle(request(Map.of("workspace", "w9"))))
                .isInstanceOfSatisfying(ExtensionException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExtensionException.Reason.NOT_FOUND));
    }

    @Test
    void everyStringSurvivesTheRoundTrip() throws Exception {
        List<String> nasty = List.of("quote \" and backslash \\", "tab\tnew\nline\rcr", "nul \u0000 bell \u0007 del \u007f",
                "</script><b>&amp;", "line sep \u2028 para sep \u2029", "emoji \uD83D\uDE00 é ü 中",
                "lone \uD800 high", "lone \uDC00 low", "pair at end \uD83D\uDE00", "");
        List<TodoItem> items = nasty.stream().map(s -> new TodoItem(s, 1, 2, "TODO", s)).toList();

        String text = TodoJson.write(new TodoList(items, true));

        assertThat(text).doesNotContain("<", ">", "&", "\u2028", "\u2029", "\n", "\u0000");
        assertThat(text.chars().filter(c -> c < 0x20)).isEmpty();
        JsonNode tree = json.readTree(text.getBytes(StandardCharsets.UTF_8));
        assertThat(tree.get("truncated").asBoolean()).isTrue();
        for (int i = 0; i < nasty.size(); i++) {
            assertThat(tree.get("items").get(i).get("path").asText()).isEqualTo(nasty.get(i));
            assertThat(tree.get("items").get(i).get("text").asText()).isEqualTo(nasty.get(i));
            assertThat(tree.get("items").get(i).get("column").asInt()).isEqualTo(2);
        }
    }

    @Test
    void anEmptyListIsValidJson() throws Exception {
        assertThat(TodoJson.write(TodoList.empty())).isEqualTo("{\"items\":[],\"truncated\":false}");
        assertThat(json.readTree(TodoJson.write(TodoList.empty())).get("items").isArray()).isTrue();
    }

    private FakeHttpRequest request(Map<String, String> query) {
        return new FakeHttpRequest(caller("ann", null), query, Map.of("w1", workspace));
    }
}
