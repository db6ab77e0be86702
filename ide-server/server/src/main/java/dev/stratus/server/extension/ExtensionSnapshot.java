package dev.stratus.server.extension;

import dev.stratus.extension.api.Permission;
import java.util.List;

/** One extension as listed (Extensions view, {@code stratus extensions list}). */
public record ExtensionSnapshot(String id, String name, String version, String description, String api, boolean builtIn,
                                String state, String failure, List<String> permissions, List<String> activationEvents) {
    static ExtensionSnapshot of(HostedExtension e) {
        synchronized (e) {
            ExtensionManifest m = e.manifest();
            String state = e.state.name().toLowerCase(java.util.Locale.ROOT);
            if (m == null) {
                return new ExtensionSnapshot(e.id, e.id, "", "", "", e.builtIn, state, e.failure, List.of(), List.of());
            }
            return new ExtensionSnapshot(e.id, m.name(), m.version(), m.description(), m.api(), e.builtIn, state, e.failure,
                    m.permissions().stream().map(Permission::id).sorted().toList(), m.activationEvents());
        }
    }
}
