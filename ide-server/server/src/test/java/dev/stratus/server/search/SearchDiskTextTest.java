package dev.stratus.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A candidate is read from disk only while the file is exactly what was indexed as far as its
 * stat tells; otherwise (null) the search falls back to the stored text.
 */
class SearchDiskTextTest {
    @TempDir
    Path base;
    Path root;
    DiskText disk;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("ws")).toRealPath();
        disk = new DiskText(root, SearchConfig.defaults());
    }

    private LuceneIndex.Candidate indexed(String path) throws Exception {
        WorkspaceScanner.Stat stat = WorkspaceScanner.Stat.of(Files.readAttributes(root.resolve(path), BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS));
        return new LuceneIndex.Candidate(path, null, 0, stat.mtime(), stat.size());
    }

    @Test
    void unchangedFileIsReadAndDecodedLikeTheIndexerDoes() throws Exception {
        Files.createDirectories(root.resolve("src"));
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        byte[] body = "caf\u00e9 \uD83D\uDE00\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[bom.length + body.length + 1];
        System.arraycopy(bom, 0, bytes, 0, bom.length);
        System.arraycopy(body, 0, bytes, bom.length, body.length);
        bytes[bytes.length - 1] = (byte) 0xff;
        Files.write(root.resolve("src/a.txt"), bytes);

        int length = disk.read(indexed("src/a.txt"));
        assertThat(java.util.Arrays.copyOf(disk.buffer(), length)).isEqualTo(bytes);
        assertThat(disk.text(length)).isEqualTo(IndexableFile.decode(bytes, 8192))
                .isEqualTo("caf\u00e9 \uD83D\uDE00\n\uFFFD");
    }

    @Test
    void fileWithAnotherSizeOrModificationTimeIsNotRead() throws Exception {
        Path file = root.resolve("a.txt");
        Files.writeString(file, "before\n");
        LuceneIndex.Candidate c = indexed("a.txt");

        Files.writeString(file, "after!\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_000_000)));
        assertThat(disk.read(c)).isEqualTo(-1);

        Files.writeString(file, "longer than before\n");
        Files.setLastModifiedTime(file, FileTime.from(c.mtime(), TimeUnit.NANOSECONDS));
        assertThat(disk.read(c)).isEqualTo(-1);

        Files.delete(file);
        assertThat(disk.read(c)).isEqualTo(-1);
    }

    @Test
    void fileThatTurnedBinaryIsNotRead() throws Exception {
        Path file = root.resolve("a.txt");
        Files.writeString(file, "text\n");
        LuceneIndex.Candidate c = indexed("a.txt");
        Files.write(file, new byte[] {'t', 0, 'x', 't', '\n'});
        Files.setLastModifiedTime(file, FileTime.from(c.mtime(), TimeUnit.NANOSECONDS));

        assertThat(disk.text(disk.read(c))).isNull();
    }

    @Test
    void fileReachedThroughASymlinkIsNotRead() throws Exception {
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret\n");
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("dir/secret.txt"), "secret\n");
        Files.writeString(root.resolve("link.txt"), "secret\n");
        LuceneIndex.Candidate inDir = indexed("dir/secret.txt");
        LuceneIndex.Candidate link = indexed("link.txt");
        // Same stat as the indexed files, so only the symlinks can keep these out.
        Files.setLastModifiedTime(outside.resolve("secret.txt"), FileTime.from(inDir.mtime(), TimeUnit.NANOSECONDS));

        Files.delete(root.resolve("dir/secret.txt"));
        Files.delete(root.resolve("dir"));
        Files.createSymbolicLink(root.resolve("dir"), outside);
        Files.delete(root.resolve("link.txt"));
        Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));

        assertThat(disk.read(inDir)).isEqualTo(-1);
        assertThat(disk.read(link)).isEqualTo(-1);
    }
}
