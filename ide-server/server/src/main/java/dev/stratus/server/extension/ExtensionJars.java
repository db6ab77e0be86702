package dev.stratus.server.extension;

import dev.stratus.extension.api.ExtensionApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extension jars of the host's folders: which are there, which changed since they were
 * loaded, each opened into a {@link HostedExtension} (failed with the reason when it cannot run
 * here), and the files a jar leaves behind when it is unloaded or removed.
 */
final class ExtensionJars {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionJars.class);

    private final ExtensionConfig config;

    ExtensionJars(ExtensionConfig config) {
        this.config = config;
    }

    /** The jars in {@code dir}, sorted by name; none when it is not a folder or cannot be listed. */
    static List<Path> in(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            LOG.warn("Cannot list extensions in {}: {}", dir, e.getMessage());
            return List.of();
        }
    }

    /** Whether {@code jar} is not the one {@code e} was loaded from (another time or size). */
    static boolean changed(HostedExtension e, Path jar) {
        try {
            return e.jar == null || Files.getLastModifiedTime(jar).toMillis() != Files.getLastModifiedTime(e.source).toMillis()
                    || Files.size(jar) != Files.size(e.jar.copy());
        } catch (IOException x) {
            return true;
        }
    }

    /**
     * Opens {@code jar}: inactive under its manifest's id, or failed when its manifest cannot be
     * read (under the file's name less {@code .jar}), its id is taken (under the file's name) or
     * it needs another extension API.
     */
    HostedExtension open(Path jar, boolean builtIn, Function<String, HostedExtension> known) {
        String fileName = jar.getFileName().toString();
        ExtensionJar opened;
        try {
            opened = ExtensionJar.open(jar, config.hostDir().resolve("unpacked"));
        } catch (InvalidExtensionException e) {
            LOG.warn("Extension {} cannot be loaded: {}", fileName, e.getMessage());
            String id = fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - 4) : fileName;
            return HostedExtension.failed(id, jar, builtIn, null, e.getMessage());
        }
        ExtensionManifest m = opened.manifest();
        HostedExtension existing = known.apply(m.id());
        if (existing != null) {
            String reason = "Extension id " + m.id() + " is taken by " + (existing.builtIn ? "a built-in extension" : existing.source.getFileName());
            LOG.warn("{} cannot be loaded: {}", fileName, reason);
            return HostedExtension.failed(fileName, jar, builtIn, opened, reason);
        }
        if (!m.supportsApi(ExtensionApi.VERSION)) {
            String reason = "Needs extension API " + m.api() + "; this server has " + ExtensionApi.VERSION;
            LOG.warn("Extension {} cannot be loaded: {}", m.id(), reason);
            return HostedExtension.failed(m.id(), jar, builtIn, opened, reason);
        }
        LOG.info("Extension {} {} loaded{}", m.id(), m.version(), builtIn ? " (built in)" : "");
        return new HostedExtension(m.id(), jar, builtIn, opened);
    }

    /** Deletes {@code e}'s unpacked copy and, when its jar was removed, its data folder too. */
    void discard(HostedExtension e, boolean removed) {
        if (e.jar != null) {
            ExtensionJar.deleteTree(e.jar.copy().getParent());
        }
        if (removed) {
            ExtensionJar.deleteTree(config.hostDir().resolve("data").resolve(e.id));
            LOG.info("Extension {} removed", e.id);
        }
    }
}
