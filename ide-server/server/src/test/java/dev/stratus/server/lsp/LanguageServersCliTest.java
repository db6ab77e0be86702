package dev.stratus.server.lsp;

import static dev.stratus.server.lsp.InstallTestSupport.fakeProgram;
import static dev.stratus.server.lsp.InstallTestSupport.npmCalls;
import static dev.stratus.server.lsp.InstallTestSupport.onPath;
import static dev.stratus.server.lsp.InstallTestSupport.output;
import static dev.stratus.server.lsp.InstallTestSupport.stratus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stratus language-servers list|install} as a separate process, as an operator (or CI) runs it. */
class LanguageServersCliTest {
    @TempDir
    Path base;

    @Test
    void helpDocumentsTheCommandsTheirOptionsAndTheInstallFolderVariable() throws Exception {
        assertThat(output(stratus(List.of("--help"), Map.of()))).contains("language-servers", "STRATUS_LANGUAGE_SERVERS_DIR");
        assertThat(output(stratus(List.of("language-servers", "--help"), Map.of()))).contains("list", "install");
        assertThat(output(stratus(List.of("language-servers", "install", "--help"), Map.of())))
                .contains("[ID...]", "--dir=DIR", "--data-dir=DIR", "Exit code");
        assertThat(output(stratus(List.of("language-servers", "list", "--help"), Map.of()))).contains("--dir=DIR", "--data-dir=DIR");
    }

    @Test
    void listPrintsEveryServerWithItsLanguagesStateAndMethod() throws Exception {
        Path dir = base.resolve("ls");
        fakeProgram(dir.resolve("node_modules/.bin/pyright-langserver"));
        Process p = stratus(List.of("language-servers", "list", "--dir", dir.toString()), Map.of());
        String out = output(p);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines().toList())
                .anyMatch(l -> l.matches("ID +LANGUAGES +INSTALLED +METHOD"))
                .anyMatch(l -> l.matches("pyright +python +yes +npm"))
                .anyMatch(l -> l.matches("typescript +typescript, javascript, typescriptreact, javascriptreact +no +npm"))
                .anyMatch(l -> l.matches("clangd +c, cpp +" + (onPath("clangd") != null ? "yes" : "no") + " +apt"))
                .anyMatch(l -> l.matches("jdtls +java +no +external"))
                .contains("Install folder: " + dir);
    }

    @Test
    void theInstallFolderIsTheEnvironmentVariablesElseInTheDataFolder() throws Exception {
        Path dir = base.resolve("from-env");
        String out = output(stratus(List.of("language-servers", "list"), Map.of(LanguageServerRegistry.DIR_ENV, dir.toString())));
        assertThat(out).contains("Install folder: " + dir);
        Path data = base.resolve("data");
        out = output(stratus(List.of("language-servers", "list", "--data-dir", data.toString()), Map.of()));
        assertThat(out).contains("Install folder: " + data.resolve("language-servers"));
    }

    @Test
    void installRunsNpmOnceWithoutTheServersSecretsAndThenFindsEverythingInstalled() throws Exception {
        Path dir = base.resolve("ls");
        Path npmDir = Files.createDirectories(base.resolve("npm"));
        Map<String, String> env = Map.of("PATH", InstallTestSupport.pathWith(InstallTestSupport.recordingNpm(npmDir)),
                "STRATUS_BOOTSTRAP_TOKEN", "secret-bootstrap-token-0123456789abcdef", "DATABASE_PASSWORD", "hunter2");
        List<String> install = List.of("language-servers", "install", "bash", "--dir", dir.toString());

        Process first = stratus(install, env);
        String out = output(first);
        assertThat(first.exitValue()).as(out).isZero();
        assertThat(out).contains("Installing language servers into " + dir, "bash: Installing with npm: bash-language-server@5.8.1",
                "bash: Installed", "Installed: bash");
        assertThat(Files.isExecutable(dir.resolve("node_modules/.bin/bash-language-server"))).isTrue();
        assertThat(npmCalls(npmDir)).containsExactly("install --no-audit --no-fund --save-exact --prefix " + dir
                + " bash-language-server@5.8.1");
        assertThat(Files.readString(npmDir.resolve("env.txt"))).doesNotContain("secret-bootstrap-token", "hunter2");

        Process second = stratus(install, env);
        out = output(second);
        assertThat(second.exitValue()).as(out).isZero();
        assertThat(out).contains("bash: Already installed").doesNotContain("Installing with npm");
        assertThat(npmCalls(npmDir)).hasSize(1);
        assertThat(output(stratus(List.of("language-servers", "list", "--dir", dir.toString()), Map.of())).lines())
                .anyMatch(l -> l.matches("bash +shell +yes +npm"));
    }

    @Test
    void aServerThatCannotBeInstalledExitsWithOneAndAnUnknownIdWithTwo() throws Exception {
        Path dir = base.resolve("ls");
        Process external = stratus(List.of("language-servers", "install", "jdtls", "--dir", dir.toString()), Map.of());
        String out = output(external);
        assertThat(external.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("jdtls: Failed: Eclipse JDT LS is not published", "Not installed: jdtls");

        Process unknown = stratus(List.of("language-servers", "install", "bash", "cobol", "--dir", dir.toString()), Map.of());
        out = output(unknown);
        assertThat(unknown.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains("Unknown language server \"cobol\"");
        assertThat(dir.resolve("node_modules")).doesNotExist();
    }

    @Test
    void installWaitsWhileAnotherProcessInstallsIntoTheSameFolder() throws Exception {
        assumeTrue(onPath("clangd") != null, "clangd is installed");
        Path dir = Files.createDirectories(base.resolve("ls"));
        try (FileChannel channel = FileChannel.open(dir.resolve(InstallLock.FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = channel.lock();
            Process p = stratus(List.of("language-servers", "install", "clangd", "--dir", dir.toString()), Map.of());
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    in.lines().forEach(lines::add);
                } catch (Exception e) {
                    lines.add("read failed: " + e);
                }
            });
            String line;
            do {
                line = lines.poll(30, TimeUnit.SECONDS);
                assertThat(line).as("a line before the wait notice").isNotNull();
            } while (!line.equals("clangd: Waiting for another installation into this folder to finish"));
            Thread.sleep(300);
            assertThat(p.isAlive()).isTrue();
            held.release();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(lines.poll(5, TimeUnit.SECONDS)).isEqualTo("clangd: Already installed");
        }
    }
}
