package dev.stratus.server.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.extension.api.Permission;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtensionManifestTest {
    @TempDir
    Path dir;

    private static ExtensionManifest parse(String json) throws InvalidExtensionException {
        return ExtensionManifest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String with(String members) {
        return "{\"id\": \"todo-tree\", \"version\": \"1.0.0\", \"api\": \"^1.0.0\", \"main\": \"a.b.Main\"" + members + "}";
    }

    @Test
    void aCompleteManifestIsRead() throws Exception {
        ExtensionManifest m = parse(with("""
                , "name": "TODO Tree", "description": "Lists TODOs", "permissions": ["search", "files.read"],
                "activationEvents": ["onWorkspaceOpened", "onCommand:todo-tree.refresh", "onLanguage:python"],
                "contributes": {"commands": [{"id": "todo-tree.refresh", "title": "Refresh", "category": "TODO", "keybinding": "Ctrl+Alt+T"}],
                  "settings": {"todo-tree.tags": {"type": "array", "items": {"type": "string"}, "default": ["TODO"]}},
                  "frontend": "frontend/todo-tree.js"}
                """));
        assertThat(m.name()).isEqualTo("TODO Tree");
        assertThat(m.permissions()).containsExactlyInAnyOrder(Permission.SEARCH, Permission.FILES_READ);
        assertThat(m.commands()).containsExactly(new ExtensionManifest.Command("todo-tree.refresh", "Refresh", "TODO", "Ctrl+Alt+T"));
        assertThat(m.settings()).containsOnlyKeys("todo-tree.tags");
        assertThat(m.frontend()).isEqualTo("frontend/todo-tree.js");
        assertThat(m.activatesOn("onLanguage:python")).isTrue();
        assertThat(m.activatesOn("onLanguage:go")).isFalse();
        assertThat(m.supportsApi("1.0.0")).isTrue();
        assertThat(m.supportsApi("1.4.2")).isTrue();
        assertThat(m.supportsApi("2.0.0")).isFalse();
    }

    @Test
    void aStarActivatesAtStartupOnly() throws Exception {
        ExtensionManifest m = parse(with(", \"activationEvents\": [\"*\"]"));
        assertThat(m.activatesOn("onStartup")).isTrue();
        assertThat(m.activatesOn("onLanguage:python")).isFalse();
        assertThat(m.name()).isEqualTo("todo-tree");
    }

    @Test
    void everyMistakeIsNamed() {
        record Case(String json, String message) {
        }
        for (Case c : List.of(
                new Case("[]", "must be a JSON object"),
                new Case("{", "not valid JSON"),
                new Case("{\"version\": \"1.0.0\", \"api\": \"^1\", \"main\": \"a.B\"}", "needs \"id\""),
                new Case(with("").replace("todo-tree", "../evil"), "id must be lower-case"),
                new Case(with("").replace("\"1.0.0\"", "\"one\""), "not a semantic version"),
                new Case(with("").replace("^1.0.0", "whenever"), "not a version range"),
                new Case(with("").replace("a.b.Main", "a b"), "not a class name"),
                new Case(with(", \"permissions\": [\"root\"]"), "Unknown permission \"root\""),
                new Case(with(", \"activationEvents\": [\"onBoot\"]"), "Unknown activation event: onBoot"),
                new Case(with(", \"contributes\": {\"commands\": [{\"id\": \"other.run\", \"title\": \"Run\"}]}"),
                        "Command ids start with \"todo-tree.\""),
                new Case(with(", \"contributes\": {\"settings\": {\"todo-tree.x\": {\"default\": 1}}}"), "needs a type"),
                new Case(with(", \"contributes\": {\"settings\": {\"todo-tree.x\": {\"type\": \"string\"}}}"), "needs a default"),
                new Case(with(", \"contributes\": {\"settings\": {\"other.x\": {\"type\": \"string\", \"default\": \"\"}}}"),
                        "Setting keys start with"),
                new Case(with(", \"contributes\": {\"settings\": {\"todo-tree.x\": {\"type\": \"object\", \"default\": {},"
                        + " \"properties\": {\"a\": {\"$ref\": \"http://127.0.0.1:1/schema.json\"}}}}}"), "may not use $ref"),
                new Case(with(", \"contributes\": {\"frontend\": \"../secret.js\"}"), "must be a .js file under frontend/"),
                new Case(with(", \"contributes\": {\"aliases\": {\"rpc\": \"fs\"}}"), "does not use itself: fs"),
                new Case(with(", \"contributes\": {\"aliases\": {\"http\": \"api\"}}"), "does not use itself: api"),
                new Case(with(", \"contributes\": {\"aliases\": {\"http\": \"v1/../x\"}}"), "must be a lower-case segment"),
                new Case(with(", \"contributes\": {\"frontend\": \"frontend/../../x.js\"}"), "must be a .js file under frontend/"))) {
            assertThatThrownBy(() -> parse(c.json())).as(c.json()).isInstanceOf(InvalidExtensionException.class)
                    .hasMessageContaining(c.message());
        }
    }

    @Test
    void onlyLibrariesDirectlyUnderLibAreUnpackedAndFrontendFilesStayInTheirFolder() throws Exception {
        Path jar = TestJars.builder(dir)
                .manifest(with(", \"contributes\": {\"frontend\": \"frontend/main.js\"}"))
                .entry("lib/good.jar", "jar bytes")
                .entry("lib/../../escape.jar", "escape")
                .entry("lib/nested/deep.jar", "deep")
                .entry("frontend/main.js", "export function activate() {}")
                .entry("secret.txt", "not for the browser")
                .build(dir.resolve("in/ext.jar"));
        ExtensionJar opened = ExtensionJar.open(jar, dir.resolve("cache"));
        assertThat(opened.libraries()).extracting(p -> p.getFileName().toString()).containsExactly("good.jar");
        try (var walk = Files.walk(dir)) {
            assertThat(walk.filter(p -> p.getFileName().toString().equals("escape.jar"))).isEmpty();
        }
        assertThat(opened.frontendFile("main.js")).isPresent();
        assertThat(opened.frontendFile("../secret.txt")).isEmpty();
        assertThat(opened.frontendFile("/etc/passwd")).isEmpty();
        assertThat(opened.frontendFile("")).isEmpty();
        // The class loader reads a copy: the installed file can go away under a running extension.
        Files.delete(jar);
        assertThat(opened.copy()).isRegularFile();
        assertThat(ExtensionJar.open(opened.copy(), dir.resolve("cache")).copy()).isEqualTo(opened.copy());
    }
}
