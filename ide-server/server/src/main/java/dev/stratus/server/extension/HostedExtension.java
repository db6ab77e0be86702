package dev.stratus.server.extension;

import dev.stratus.extension.api.Extension;
import java.nio.file.Path;

/**
 * One extension the host knows, in one of three states: {@code inactive} (loaded, waiting for an
 * activation event), {@code active}, or {@code failed} with the reason. Guarded by the host.
 */
final class HostedExtension {
    enum State { INACTIVE, ACTIVE, FAILED }

    final String id;
    final Path source;
    final boolean builtIn;
    /** Null when the jar's manifest could not be read. */
    final ExtensionJar jar;
    State state;
    String failure;
    ExtensionClassLoader loader;
    Extension instance;
    HostContext context;
    /**
     * Its configuration section as its last activation read it; null while it was never
     * activated or its manifest names none.
     */
    ServerConfigFile.Section section;

    HostedExtension(String id, Path source, boolean builtIn, ExtensionJar jar) {
        this.id = id;
        this.source = source;
        this.builtIn = builtIn;
        this.jar = jar;
        this.state = State.INACTIVE;
    }

    static HostedExtension failed(String id, Path source, boolean builtIn, ExtensionJar jar, String reason) {
        HostedExtension e = new HostedExtension(id, source, builtIn, jar);
        e.state = State.FAILED;
        e.failure = reason;
        return e;
    }

    ExtensionManifest manifest() {
        return jar == null ? null : jar.manifest();
    }
}
