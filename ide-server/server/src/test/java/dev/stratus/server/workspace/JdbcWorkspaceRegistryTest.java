package dev.stratus.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.server.storage.Database;
import dev.stratus.server.storage.Jdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcWorkspaceRegistryTest {
    @TempDir
    Path dir;

    @Test
    void foldersGetStableUrlSafeUniqueIdsThatSurviveARestart() throws Exception {
        Path a = Files.createDirectories(dir.resolve("one/My Project"));
        Path b = Files.createDirectories(dir.resolve("two/my project"));
        String idA;
        try (Database db = Database.open(dir.resolve("state"))) {
            JdbcWorkspaceRegistry registry = new JdbcWorkspaceRegistry(new Jdbc(db), Clock.systemUTC());
            idA = registry.register(a, null).id();
            assertThat(idA).isEqualTo("my-project");
            assertThat(registry.register(b, null).id()).isEqualTo("my-project-2");
            assertThat(registry.register(a, null).id()).as("idempotent").isEqualTo(idA);
            assertThatThrownBy(() -> registry.register(dir.resolve("missing"), null)).isInstanceOf(IllegalArgumentException.class);
        }
        try (Database db = Database.open(dir.resolve("state"))) {
            JdbcWorkspaceRegistry registry = new JdbcWorkspaceRegistry(new Jdbc(db), Clock.systemUTC());
            assertThat(registry.list()).extracting(Workspace::id).containsExactly("my-project", "my-project-2");
            assertThat(registry.get(idA).orElseThrow().root()).isEqualTo(a.toRealPath());
        }
    }

    @Test
    void slugsAreSafe() {
        assertThat(JdbcWorkspaceRegistry.slug("../..")).isEqualTo("workspace");
        assertThat(JdbcWorkspaceRegistry.slug(".hidden")).isEqualTo("hidden");
        assertThat(JdbcWorkspaceRegistry.slug("a/b\\c")).isEqualTo("a-b-c");
    }
}
