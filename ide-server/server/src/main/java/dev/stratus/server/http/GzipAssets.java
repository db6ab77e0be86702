package dev.stratus.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Gzip-compressed copies of the browser IDE's text assets, made once per asset version (file
 * size and modification time) and kept in a cache folder, so a page load costs no compression.
 * The bundle shrinks from about 3.3 to 0.8 MiB on the wire.
 */
final class GzipAssets {
    private static final Set<String> TEXT = Set.of("js", "mjs", "css", "html", "svg", "json", "ttf", "map", "txt");
    private static final long MIN_BYTES = 1024;

    private final Path webRoot;
    private final Path cache;

    GzipAssets(Path webRoot, Path cache) {
        this.webRoot = webRoot;
        this.cache = cache;
    }

    /**
     * The compressed copy of {@code file} (a path inside the web root), creating it if needed;
     * null when the file is not worth compressing or cannot be.
     */
    Path compressed(Path file) {
        try {
            String name = file.getFileName().toString();
            String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            if (!TEXT.contains(ext) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) < MIN_BYTES) {
                return null;
            }
            String version = Long.toHexString(Files.size(file)) + "-" + Long.toHexString(Files.getLastModifiedTime(file).toMillis());
            Path target = cache.resolve(webRoot.relativize(file).toString() + "." + version + ".gz");
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), ".gz-", ".tmp");
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024) {
                    {
                        def.setLevel(Deflater.BEST_COMPRESSION);
                    }
                }) {
                    Files.copy(file, out);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
