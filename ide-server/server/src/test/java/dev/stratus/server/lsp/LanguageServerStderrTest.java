package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a language server writes to stderr reaches the server log, a line per entry, named by the server. */
class LanguageServerStderrTest {

    @Test
    void stderrLinesGoToTheLogNamedByTheServerAndLongLinesAreCut(@TempDir Path dir) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CountDownLatch exited = new CountDownLatch(1);
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            String script = "echo 'warning: tsconfig not found' >&2; "
                    + "head -c 100000 /dev/zero | tr '\\0' y >&2; echo >&2; "
                    + "printf 'last line without newline' >&2";
            LanguageServerProcess p = LanguageServerProcess.start("fake-ls", List.of("/bin/sh", "-c", script), dir,
                    Map.of("PATH", "/usr/bin:/bin"), 1 << 20, new LanguageServerProcess.Listener() {
                        @Override
                        public void message(byte[] json) {
                        }

                        @Override
                        public void oversized(long length, byte[] head) {
                        }

                        @Override
                        public void exited(int exitCode) {
                            exited.countDown();
                        }
                    });
            assertThat(exited.await(10, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!captured.toString(StandardCharsets.UTF_8).contains("last line without newline") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            p.close();
        } finally {
            System.setErr(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("[fake-ls]")).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("LanguageServerProcess").endsWith("[fake-ls] warning: tsconfig not found");
        assertThat(lines.get(1)).endsWith("y …").hasSizeLessThan(100_000);
        assertThat(lines.get(2)).endsWith("[fake-ls] last line without newline");
    }
}
