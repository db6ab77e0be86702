package dev.stratus.server.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.vfs2.impl.DefaultFileSystemManager;
import org.apache.commons.vfs2.provider.local.DefaultLocalFileProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed between the temporary write and the rename leaves the original intact. */
class AtomicWriteCrashTest {
    @TempDir
    Path ws;

    @Test
    void aCrashBetweenTempWriteAndRenameLeavesTheOriginalIntact() throws Exception {
        String original = "the original content\n".repeat(1000);
        Files.writeString(ws.resolve("precious.txt"), original);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingWrite.class.getName(),
                ws.toString(), "precious.txt", Integer.toString(4 << 20))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("the child died at the crash point").isEqualTo(137);

        assertThat(Files.readString(ws.resolve("precious.txt"))).isEqualTo(original);
        try (Stream<Path> files = Files.list(ws)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("the fully written staging file is still there, proving the crash came after the write")
                    .anyMatch(n -> n.startsWith(AtomicWriter.TEMP_PREFIX));
        }

        DefaultFileSystemManager vfs = new DefaultFileSystemManager();
        vfs.addProvider("file", new DefaultLocalFileProvider());
        vfs.init();
        VfsFileStore store = new VfsFileStore(ws, vfs);
        assertThat(store.list("")).extracting(s -> s.path()).containsExactly("precious.txt");
        store.write("precious.txt", new ByteArrayInputStream("after".getBytes()), 100, FileStore.WriteOptions.DEFAULT);
        assertThat(Files.readString(ws.resolve("precious.txt"))).isEqualTo("after");
        vfs.close();
    }
}
