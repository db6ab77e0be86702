package dev.stratus.server.search;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

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
    private static final Set<OpenOption> READ_NO_FOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final Path root;
    private final SearchConfig config;

    private final Map<String, Boolean> confined = new HashMap<>();
    private final ByteBuffer more = ByteBuffer.allocate(1);
    /** Reused from file to file: a search reads its candidates, often hundreds of MB, through it. */
    private byte[] buffer = new byte[64 * 1024];

    DiskText(Path root, SearchConfig config) {
        this.root = root;
        this.config = config;
    }

    /**
     * Reads the content of {@code c} from disk into {@link #buffer()}: its length, or -1 when the
     * stored text must be used. The bytes may have turned binary since: see {@link #text(int)}.
     */
    int read(LuceneIndex.Candidate c) {
        if (root == null || c.size() < 0 || c.size() > config.maxFileBytes()) {
            return -1;
        }
        Path file = root.resolve(c.path());
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile() || !WorkspaceScanner.Stat.of(attrs).equals(new WorkspaceScanner.Stat(c.mtime(), c.size()))
                    || !insideRoot(file.getParent())) {
                return -1;
            }
            int size = (int) c.size();
            if (buffer.length < size) {
                buffer = new byte[Math.max(size, buffer.length * 2)];
            }
            // The size is known: read exactly that, then check for more (the file grew), without
            // the size and position calls an InputStream makes; a candidate is often small.
            try (FileChannel in = FileChannel.open(file, READ_NO_FOLLOW)) {
                ByteBuffer content = ByteBuffer.wrap(buffer, 0, size);
                while (content.hasRemaining()) {
                    if (in.read(content) < 0) {
                        return -1;
                    }
                }
                return in.read(more.clear()) > 0 ? -1 : size;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The bytes of the last {@link #read} up to its length; the next read reuses the array. */
    byte[] buffer() {
        return buffer;
    }

    /** The {@code length} bytes of the last {@link #read} decoded as the indexer decodes them, or null when they no longer are text. */
    String text(int length) {
        return IndexableFile.decode(buffer, length, config.binaryProbeBytes());
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
