package dev.stratus.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.lsp.LspConfig;
import dev.stratus.server.support.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI as a separate process, as an operator runs it. */
class CommandLineTest {
    @TempDir
    Path base;

    private static Process stratus(List<String> args, String bootstrap) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("STRATUS_BOOTSTRAP_TOKEN");
        if (bootstrap != null) {
            pb.environment().put("STRATUS_BOOTSTRAP_TOKEN", bootstrap);
        }
        return pb.start();
    }

    private static String run(Process p) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void tokenCreateWorksWhileTheServerRunsAndPrintsAUsableToken() throws Exception {
        try (TestServer server = TestServer.start(base)) {
            Process p = stratus(List.of("token", "create", "--data-dir", server.dataDir.toString()), null);
            String out = run(p).trim();
            assertThat(p.exitValue()).as(out).isZero();
            String token = out.lines().reduce((a, b) -> b).orElseThrow();
            assertThat(token).startsWith("stratus_");
            HttpResponse<String> me = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri("/api/me"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aShortBootstrapTokenIsRefusedAtStart() throws Exception {
        Process p = stratus(List.of("serve", "--port", "0", "--data-dir", base.resolve("d").toString()), "too-short");
        String out = run(p);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("at least 32 characters");
    }

    @Test
    void helpDocumentsEveryCommandAndOption() throws Exception {
        String top = run(stratus(List.of("--help"), null));
        assertThat(top).contains("serve", "token", "STRATUS_BOOTSTRAP_TOKEN");
        String serve = run(stratus(List.of("serve", "--help"), null));
        assertThat(serve).contains("--port", "--host", "--data-dir", "--web-root", "--allowed-host", "--allowed-origin", "DIR",
                        "--language-server-idle-minutes", "--language-servers-per-workspace")
                .doesNotContain("--exit-after-start");
    }

    @Test
    void helpFooterLinesAreShownWhole() throws Exception {
        List<String> top = run(stratus(List.of("--help"), null)).lines().toList();
        // A line past the help's 80 columns was wrapped back to column 0, in the middle of a sentence.
        for (String line : new CommandLine(new Main()).getCommandSpec().usageMessage().footer()) {
            assertThat(top).as("the footer line %s", line).contains(line);
        }
    }

    @Test
    void languageServerOptionsSetTheIdleTimeAndTheLimit() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--language-server-idle-minutes", "3", "--language-servers-per-workspace", "2");
        assertThat(serve.lspConfig().idleTime()).isEqualTo(Duration.ofMinutes(3));
        assertThat(serve.lspConfig().maxProcessesPerWorkspace()).isEqualTo(2);
        ServeCommand defaults = new ServeCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.lspConfig()).isEqualTo(LspConfig.defaults());
    }

    @Test
    void aBadLanguageServerIdleTimeIsRefusedAtStart() throws Exception {
        Process p = stratus(List.of("serve", "--port", "0", "--data-dir", base.resolve("d").toString(),
                "--language-server-idle-minutes", "0"), null);
        String out = run(p);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("--language-server-idle-minutes must be between 1 and 10080");
    }

    @Test
    void aStartPrintsNoWarningAboutTheJvmsVectorModule() throws Exception {
        java.nio.file.Files.createDirectories(base.resolve("ws"));
        java.nio.file.Files.writeString(base.resolve("ws/a.txt"), "searchable text\n");
        Process p = stratus(List.of("serve", base.resolve("ws").toString(), "--exit-after-start", "--port", "0",
                "--data-dir", base.resolve("d").toString()), null);
        String out = run(p);
        assertThat(p.exitValue()).isZero();
        // Lucene's note that the incubating Vector API is not enabled, which the text search never needs.
        assertThat(out).contains("Stratus listening on").doesNotContain("jdk.incubator.vector");
    }

    @Test
    void servingAMissingFolderFailsClearly() throws Exception {
        Process p = stratus(List.of("serve", base.resolve("nope").toString(), "--port", "0", "--data-dir", base.resolve("d").toString()), null);
        String out = run(p);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("not a directory");
    }
}
