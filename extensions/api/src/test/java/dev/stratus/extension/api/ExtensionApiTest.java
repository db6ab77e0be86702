package dev.stratus.extension.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExtensionApiTest {

    @Test
    void versionIsThePomsSemanticVersion() {
        assertThat(ExtensionApi.VERSION).matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void permissionsRoundTripTheirManifestNames() {
        for (Permission p : Permission.values()) {
            assertThat(Permission.fromId(p.id())).isSameAs(p);
        }
        assertThatThrownBy(() -> Permission.fromId("root")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toolNamesAreWhatModelsAccept() {
        AiTool.Handler h = call -> "";
        assertThat(new AiTool("list_todos", "Lists TODOs", "{\"type\":\"object\"}", false, h).name()).isEqualTo("list_todos");
        assertThatThrownBy(() -> new AiTool("list todos", "x", "{}", false, h)).isInstanceOf(IllegalArgumentException.class);
    }
}
