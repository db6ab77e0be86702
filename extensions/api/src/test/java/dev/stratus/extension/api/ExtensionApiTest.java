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

    @Test
    void aResponseTakesOnlyTheHeadersAnExtensionMaySet() {
        HttpResponse r = new HttpResponse(429, "application/json", new byte[0]).withHeader("retry-after", "30");
        assertThat(r.headers()).containsExactly(java.util.Map.entry("Retry-After", "30"));
        assertThatThrownBy(() -> r.withHeader("Set-Cookie", "stratus_session=x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Set-Cookie");
        assertThatThrownBy(() -> r.withHeader("Content-Security-Policy", "default-src *")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.withHeader("ETag", "\"a\"\r\nSet-Cookie: x=y")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one line");
        assertThat(new HttpResponse(200, "text/plain", new byte[0], null).headers()).isEmpty();
    }
}
