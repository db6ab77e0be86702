package dev.stratus.server.search;

import dev.stratus.protocol.search.SymbolMatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * One file as the index stores it: its stat, whether it is searchable text, and if so its text
 * and declarations. Text is UTF-8 (malformed bytes become U+FFFD; a UTF-8 byte-order mark is
 * dropped), or UTF-16 when it starts with a UTF-16 byte-order mark, as ripgrep transcodes it. A
 * NUL byte among the first {@link SearchConfig#binaryProbeBytes()} bytes makes a file binary;
 * above {@link SearchConfig#maxFileBytes()} it is large. Binary and large files are still
 * recorded (for file-name search and to know they are unchanged) but never searched.
 */
record IndexableFile(String path, WorkspaceScanner.Stat stat, Kind kind, String text, List<SymbolMatch> symbols) {

    enum Kind {
        TEXT, BINARY, LARGE
    }

    /**
     * Reads {@code path} under {@code root}, never following a symlink: null when it is gone, is
     * not a regular file, or (with {@code confine}) resolves outside {@code root} through a
     * folder that became a symlink.
     */
    static IndexableFile read(Path root, String path, SearchConfig config, boolean confine) throws IOException {
        Path file = root.resolve(path);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile() || confine && !file.toRealPath().startsWith(root)) {
                return null;
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        WorkspaceScanner.Stat stat = WorkspaceScanner.Stat.of(attrs);
        if (attrs.size() > config.maxFileBytes()) {
            return new IndexableFile(path, stat, Kind.LARGE, null, List.of());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxFileBytes() + 1));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (Files.isSymbolicLink(file)) {
                return null;
            }
            throw e;
        }
        if (bytes.length > config.maxFileBytes()) {
            return new IndexableFile(path, stat, Kind.LARGE, null, List.of());
        }
        String text = decode(bytes, config.binaryProbeBytes());
        if (text == null) {
            return new IndexableFile(path, stat, Kind.BINARY, null, List.of());
        }
        return new IndexableFile(path, stat, Kind.TEXT, text, SymbolExtractor.extract(path, text));
    }

    /** The text of {@code bytes}, or null when they look binary. */
    static String decode(byte[] bytes, int probe) {
        return decode(bytes, bytes.length, probe);
    }

    /** The text of {@code bytes[0, length)}, or null when they look binary. */
    static String decode(byte[] bytes, int length, int probe) {
        if (length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            return new String(bytes, 2, length - 2, StandardCharsets.UTF_16LE);
        }
        if (length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            return new String(bytes, 2, length - 2, StandardCharsets.UTF_16BE);
        }
        for (int i = 0, n = Math.min(length, probe); i < n; i++) {
            if (bytes[i] == 0) {
                return null;
            }
        }
        int skip = length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        return new String(bytes, skip, length - skip, StandardCharsets.UTF_8);
    }
}
