package dev.stratus.server.search;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a candidate's text from the workspace instead of the index when the file still has the
 * modification time and size its indexed text was read at, decoded exactly as the indexer decodes
 * it. Decompressing the stored text costs several times more than reading the file (usually in
 * the page cache): on the Linux tree it was about four fifths of a literal search. When the stat
 * differs, the file is gone or unreadable, its folder no longer resolves inside the workspace, or
 * it no longer decodes as text, the caller falls back to the stored text, so a search never sees
 * text the index has not caught up with. One instance serves one worker of one search.
 */
final class DiskText {
    private final Path root;
    private final SearchConfig config;
    private final Map<String, Boolean> confined = new HashMap<>();

    DiskText(Path root, SearchConfig config) {
        this.root = root;
        this.config = config;
    }

    /**
     * The content of {@code c} read from disk, or null when the stored text must be used. The
     * bytes may have turned binary since: see {@link #text(byte[])}.
     */
    byte[] bytes(LuceneIndex.Candidate c) {
        if (root == null || c.size() < 0 || c.size() > config.maxFileBytes()) {
            return null;
        }
        Path file = root.resolve(c.path());
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile() || !WorkspaceScanner.Stat.of(attrs).equals(new WorkspaceScanner.Stat(c.mtime(), c.size()))
                    || !insideRoot(file.getParent())) {
                return null;
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes((int) c.size() + 1);
            }
            return bytes.length == c.size() ? bytes : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code bytes} (from {@link #bytes}) decoded as the indexer decodes them, or null when they no longer are text. */
    String text(byte[] bytes) {
        return IndexableFile.decode(bytes, config.binaryProbeBytes());
    }

    /** Whether {@code folder} resolves inside the workspace (a folder may have become a symlink). */
    private boolean insideRoot(Path folder) throws IOException {
        String key = folder.toString();
        Boolean inside = confined.get(key);
        if (inside == null) {
            inside = folder.toRealPath().startsWith(root);
            confined.put(key, inside);
        }
        return inside;
    }
}
