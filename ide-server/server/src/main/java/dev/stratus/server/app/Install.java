package dev.stratus.server.app;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Where the server is installed, to find the built browser IDE and the built-in extensions beside it. */
final class Install {
    private Install() {
    }

    /**
     * {@code frontend/dist} of the checkout the server jar was built in
     * ({@code ide-server/server/target/stratus-server.jar}), or of the working directory.
     */
    static Path defaultWebRoot() {
        String env = System.getenv("STRATUS_WEB_ROOT");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        try {
            Path jar = Path.of(Install.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path checkout = jar.getParent();
            for (int i = 0; i < 3 && checkout != null; i++) {
                checkout = checkout.getParent();
            }
            if (checkout != null) {
                return checkout.resolve("frontend/dist");
            }
        } catch (URISyntaxException | SecurityException e) {
            // Fall through to the working directory.
        }
        return Path.of("frontend/dist").toAbsolutePath();
    }

    /**
     * The built-in extension jars: {@code extensions/} beside the server jar (the build copies
     * them there), or {@code STRATUS_BUILTIN_EXTENSIONS_DIR}.
     */
    static Path defaultBuiltInExtensions() {
        String env = System.getenv("STRATUS_BUILTIN_EXTENSIONS_DIR");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        try {
            Path jar = Path.of(Install.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.getParent() != null) {
                return jar.getParent().resolve("extensions");
            }
        } catch (URISyntaxException | SecurityException e) {
            // No built-in extensions then.
        }
        return null;
    }
}
