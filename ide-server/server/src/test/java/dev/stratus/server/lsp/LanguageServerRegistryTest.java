package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanguageServerRegistryTest {
    @TempDir
    Path data;

    @Test
    void theBuiltInRegistryCoversTheRequiredLanguages() {
        LanguageServerRegistry registry = LanguageServerRegistry.load(data.resolve("language-servers"));
        for (String language : List.of("typescript", "javascript", "python", "json", "css", "html", "yaml", "shell", "c", "cpp", "java")) {
            assertThat(registry.forLanguage(language)).as(language).isPresent();
        }
        assertThat(registry.byId("jdtls").orElseThrow().isDefault()).isFalse();
        assertThat(registry.byId("clangd").orElseThrow().install().method()).isEqualTo("apt");
        assertThat(registry.byId("pyright").orElseThrow().install().npm()).containsExactly("pyright@1.1.414");
    }

    @Test
    void anNpmServerIsInstalledWhenItsProgramExistsInTheInstallFolder() throws Exception {
        LanguageServerRegistry registry = LanguageServerRegistry.load(data.resolve("language-servers"));
        LanguageServerDefinition pyright = registry.byId("pyright").orElseThrow();
        assertThat(registry.installed(pyright)).isFalse();
        assertThat(registry.commandLine(pyright)).isEmpty();

        Path bin = registry.installDir().resolve("node_modules/.bin/pyright-langserver");
        Files.createDirectories(bin.getParent());
        Files.writeString(bin, "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(registry.installed(pyright)).isTrue();
        assertThat(registry.commandLine(pyright).orElseThrow()).containsExactly(bin.toAbsolutePath().toString(), "--stdio");
    }

    @Test
    void theUsersRegistryReplacesAnEntryWithTheSameIdAndAddsNewOnes() throws Exception {
        Path jdtls = data.resolve("opt/jdtls/bin/jdtls");
        Files.createDirectories(jdtls.getParent());
        Files.writeString(jdtls, "#!/bin/sh\n");
        Files.setPosixFilePermissions(jdtls, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(data.resolve("language-servers"));
        Files.writeString(data.resolve("language-servers/servers.json"), """
                {"servers": [
                  {"id": "jdtls", "name": "Java", "languages": ["java"], "command": ["%s", "-data", "/tmp/x"],
                   "install": {"external": "installed by hand"}, "default": false},
                  {"id": "lua", "languages": ["lua"], "command": ["lua-language-server"], "install": {"external": "by hand"}}
                ]}""".formatted(jdtls));
        LanguageServerRegistry registry = LanguageServerRegistry.load(data.resolve("language-servers"));
        LanguageServerDefinition java = registry.forLanguage("java").orElseThrow();
        assertThat(registry.commandLine(java).orElseThrow()).containsExactly(jdtls.toString(), "-data", "/tmp/x");
        assertThat(registry.byId("lua")).isPresent();
        assertThat(registry.all().stream().filter(s -> s.id().equals("jdtls"))).hasSize(1);
    }

    @Test
    void aMalformedUserRegistryIsRefusedWithTheReason() throws Exception {
        Files.createDirectories(data.resolve("language-servers"));
        Path file = data.resolve("language-servers/servers.json");
        Files.writeString(file, "{\"servers\": [{\"id\": \"Bad Id\", \"languages\": [\"x\"], \"command\": [\"x\"], \"install\": {\"apt\": [\"x\"]}}]}");
        assertThatThrownBy(() -> LanguageServerRegistry.load(data.resolve("language-servers"))).hasMessageContaining("id must match");
        Files.writeString(file, "{\"servers\": [{\"id\": \"x\", \"languages\": [], \"command\": [\"x\"], \"install\": {\"apt\": [\"x\"]}}]}");
        assertThatThrownBy(() -> LanguageServerRegistry.load(data.resolve("language-servers"))).hasMessageContaining("languages");
        Files.writeString(file, "{\"servers\": [{\"id\": \"x\", \"languages\": [\"x\"], \"command\": [\"x\"], \"install\": {\"apt\": [\"x\"], \"npm\": [\"y\"]}}]}");
        assertThatThrownBy(() -> LanguageServerRegistry.load(data.resolve("language-servers"))).hasMessageContaining("exactly one");
        Files.writeString(file, "{\"servers\": [{\"id\": \"x\", \"languages\": [\"x\"], \"command\": [\"x\"], \"install\": {\"apt\": [\"x\"]}, \"colour\": 1}]}");
        assertThatThrownBy(() -> LanguageServerRegistry.load(data.resolve("language-servers"))).hasMessageContaining("colour");
    }

    @Test
    void extensionsAddServersAfterTheRegistrysOwnWhichKeepTheirIds() throws Exception {
        try (LanguageServers servers = new LanguageServers(data.resolve("language-servers"), LspConfig.defaults(), Map.of())) {
            servers.contributions(() -> List.of(
                    new dev.stratus.extension.api.LanguageServerDefinition("lua", "Lua", List.of("lua"), List.of("**/*.lua"),
                            List.of("lua-language-server")),
                    new dev.stratus.extension.api.LanguageServerDefinition("pyright", "Not pyright", List.of("python"), List.of(),
                            List.of("evil-python-server"))));
            LanguageServerRegistry registry = servers.registry();
            LanguageServerDefinition lua = registry.forLanguage("lua").orElseThrow();
            assertThat(lua.id()).isEqualTo("lua");
            assertThat(lua.command()).containsExactly("lua-language-server");
            assertThat(lua.install().method()).isEqualTo("external");
            assertThat(lua.isDefault()).isFalse();
            assertThat(registry.byId("pyright").orElseThrow().command().get(0)).isEqualTo("node_modules/.bin/pyright-langserver");
            servers.contributions(List::of);
            assertThat(servers.registry().forLanguage("lua")).isEmpty();
        }
    }
}
