package dev.stratus.examples.todo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratus.extension.api.Extension;
import dev.stratus.extension.api.ExtensionApi;
import dev.stratus.extension.api.Permission;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The manifest as packaged (read from the built classes), checked the way the host reads it. */
class ManifestTest {
    private static JsonNode manifest;

    @BeforeAll
    static void read() throws Exception {
        try (InputStream in = ManifestTest.class.getResourceAsStream("/stratus-extension.json")) {
            assertThat(in).as("stratus-extension.json at the jar root").isNotNull();
            manifest = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void describesTheExtension() {
        assertThat(text("id")).isEqualTo("todo-tree").matches("[a-z0-9][a-z0-9-]*");
        assertThat(text("name")).isEqualTo("TODO Tree");
        assertThat(text("version")).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(text("description")).isNotBlank();
    }

    @Test
    void itsApiRangeAcceptsTheApiItIsBuiltAgainst() {
        String range = text("api");
        assertThat(range).isEqualTo("^1.0.0");
        int[] base = semver(range.substring(1));
        int[] api = semver(ExtensionApi.VERSION);
        assertThat(api[0]).isEqualTo(base[0]);
        assertThat(api[1] * 1_000_000L + api[2]).isGreaterThanOrEqualTo(base[1] * 1_000_000L + base[2]);
    }

    @Test
    void mainIsAnExtensionTheHostCanCreate() throws Exception {
        Class<?> main = Class.forName(text("main"));
        assertThat(main).isEqualTo(TodoTreeExtension.class);
        assertThat(Extension.class).isAssignableFrom(main);
        assertThat(Modifier.isPublic(main.getConstructor().getModifiers())).isTrue();
        assertThat(main.getConstructor().newInstance()).isInstanceOf(Extension.class);
    }

    @Test
    void permissionsAreKnownAndIncludeSearch() {
        List<Permission> permissions = new ArrayList<>();
        manifest.get("permissions").forEach(p -> permissions.add(Permission.fromId(p.asText())));
        assertThat(permissions).contains(Permission.SEARCH).doesNotHaveDuplicates();
    }

    @Test
    void commandsAndActivationEventsMatch() {
        Set<String> commands = new HashSet<>();
        for (JsonNode c : manifest.get("contributes").get("commands")) {
            assertThat(c.get("id").asText()).startsWith("todo-tree.");
            assertThat(c.get("title").asText()).isNotBlank();
            commands.add(c.get("id").asText());
        }
        assertThat(commands).containsExactly(RefreshCommand.ID);
        assertThat(manifest.get("contributes").get("commands").get(0).get("keybinding").asText()).isEqualTo("Ctrl+Alt+T");

        List<String> events = new ArrayList<>();
        manifest.get("activationEvents").forEach(e -> events.add(e.asText()));
        assertThat(events).containsExactly("onWorkspaceOpened", "onCommand:" + RefreshCommand.ID);
        for (String e : events) {
            assertThat(e).matches("onStartup|onWorkspaceOpened|onCommand:.+|onLanguage:.+");
            if (e.startsWith("onCommand:")) {
                assertThat(commands).contains(e.substring("onCommand:".length()));
            }
        }
    }

    @Test
    void theTagsSettingIsAStringArrayDefaultingToTodoAndFixme() {
        JsonNode settings = manifest.get("contributes").get("settings");
        assertThat(settings.properties()).extracting(Map.Entry::getKey).containsExactly(TodoTags.SETTING);
        JsonNode tags = settings.get(TodoTags.SETTING);
        assertThat(tags.get("type").asText()).isEqualTo("array");
        assertThat(tags.get("items").get("type").asText()).isEqualTo("string");
        List<String> defaults = new ArrayList<>();
        tags.get("default").forEach(t -> defaults.add(t.asText()));
        assertThat(defaults).isEqualTo(TodoTags.DEFAULTS);
        assertThat(tags.get("description").asText()).isNotBlank();
    }

    @Test
    void theFrontendModuleIsPackagedWhereTheManifestSays() {
        String frontend = manifest.get("contributes").get("frontend").asText();
        assertThat(frontend).isEqualTo("frontend/todo-tree.js");
        assertThat(ManifestTest.class.getResource("/" + frontend)).isNotNull();
    }

    private static String text(String field) {
        assertThat(manifest.has(field)).as(field).isTrue();
        return manifest.get(field).asText();
    }

    private static int[] semver(String v) {
        String[] parts = v.split("\\.");
        assertThat(parts).hasSize(3);
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }
}
