package dev.stratus.server.lsp;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real language servers the tests run: those in {@code STRATUS_LANGUAGE_SERVERS_DIR}, else in
 * the checkout's {@code .stratus-build/language-servers} (where {@code ./stratus language-servers
 * install} puts them). A test needing a server that is not installed fails on CI (env {@code CI}
 * set) and is skipped elsewhere.
 */
final class InstalledLanguageServers {
    private InstalledLanguageServers() {
    }

    /** The install folder the tests use. */
    static Path dir() {
        String env = System.getenv(LanguageServerRegistry.DIR_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("language-servers/servers.json"))) {
            p = p.getParent();
        }
        return (p == null ? Path.of("").toAbsolutePath() : p).resolve(".stratus-build/language-servers");
    }

    /** Fails (on CI) or skips the test unless every server named is installed. */
    static void require(String... serverIds) {
        LanguageServerRegistry registry = LanguageServerRegistry.load(dir());
        for (String id : serverIds) {
            LanguageServerDefinition def = registry.byId(id).orElseThrow(() -> new AssertionError("No server " + id + " in the registry"));
            if (!registry.installed(def)) {
                String message = "The " + id + " language server is not installed in " + dir()
                        + ": run ./stratus language-servers install (or set " + LanguageServerRegistry.DIR_ENV + ")";
                if (System.getenv("CI") != null) {
                    fail(message);
                }
                Assumptions.abort(message);
            }
        }
    }

    /**
     * Makes {@code dataDir/language-servers} lead to {@link #dir()}, so a server started with that
     * data folder finds the servers even when {@code STRATUS_LANGUAGE_SERVERS_DIR} is not set.
     */
    static void linkInto(Path dataDir) throws java.io.IOException {
        Path link = dataDir.resolve("language-servers");
        if (System.getenv(LanguageServerRegistry.DIR_ENV) == null && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && Files.isDirectory(dir())) {
            Files.createSymbolicLink(link, dir());
        }
    }
}
