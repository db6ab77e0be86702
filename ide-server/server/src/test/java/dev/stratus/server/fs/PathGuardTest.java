package dev.stratus.server.fs;

import dev.stratus.protocol.ProtocolError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathGuardTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(value = {"''|''", ".|''", "./a/./b/|a/b", "a//b|a/b", "src/Main.java|src/Main.java", "a%41b|a%41b", "日本/語.txt|日本/語.txt"},
            delimiter = '|')
    void normalisesHarmlessPaths(String in, String out) {
        assertThat(PathGuard.normalize(in)).isEqualTo(out);
    }

    @Test
    void aSymlinkInsideTheWorkspaceIsFollowed() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.createDirectories(ws.resolve("real"));
        Files.createSymbolicLink(ws.resolve("alias"), Path.of("real"));
        PathGuard guard = new PathGuard(ws);
        assertThat(guard.resolve("alias/new-file.txt").relative()).isEqualTo("alias/new-file.txt");
        assertThat(guard.contains(ws.resolve("alias"))).isTrue();
    }

    @Test
    void aLinkLoopIsRefused() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.createSymbolicLink(ws.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(ws.resolve("b"), Path.of("a"));
        assertThatThrownBy(() -> new PathGuard(ws).resolve("a/x")).isInstanceOf(FsException.class)
                .extracting(e -> ((FsException) e).reason()).isEqualTo(ProtocolError.OUTSIDE_WORKSPACE);
    }

    @Test
    void theWorkspaceRootMayItselfBeASymlink() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real-ws"));
        Path link = Files.createSymbolicLink(dir.resolve("link-ws"), real);
        Files.writeString(real.resolve("f.txt"), "x");
        assertThat(new PathGuard(link).resolve("f.txt").absolute()).isEqualTo(real.toRealPath().resolve("f.txt"));
    }
}
