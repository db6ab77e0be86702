package dev.stratus.server.lsp;

import static dev.stratus.server.lsp.InstallTestSupport.fakeProgram;
import static dev.stratus.server.lsp.InstallTestSupport.onPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.lsp.LanguageServerInstallFailure;
import dev.stratus.protocol.lsp.LanguageServerInstallProgress;
import dev.stratus.protocol.lsp.LanguageServerInstallResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installer in-process: npm for real, apt through the branches a test may take, the folder lock. */
class LanguageServerInstallerTest {
    @TempDir
    Path dir;

    private LanguageServerInstaller installer() {
        return new LanguageServerInstaller(dir, LanguageServerInstallConfig.defaults());
    }

    private LanguageServerInstaller installer(AptInstaller apt) {
        return new LanguageServerInstaller(dir, LanguageServerInstallConfig.defaults(), apt, InstallEnvironment.build(System.getenv()));
    }

    private void userRegistry(String servers) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(LanguageServerRegistry.FILE), "{\"servers\": [" + servers + "]}");
    }

    private static List<String> messages(List<LanguageServerInstallProgress> progress, String id) {
        return progress.stream().filter(p -> p.id().equals(id)).map(LanguageServerInstallProgress::message).toList();
    }

    @Test
    void aSecondInstallationIntoTheSameFolderWaitsForTheFirstAndFindsItsServerInstalled() throws Exception {
        List<LanguageServerInstallProgress> first = new CopyOnWriteArrayList<>();
        List<LanguageServerInstallProgress> second = new CopyOnWriteArrayList<>();
        CountDownLatch npmRunning = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<LanguageServerInstallResult> a = threads.submit(() -> installer().install(List.of("bash"), p -> {
                first.add(p);
                if (p.message().startsWith("Installing with npm")) {
                    npmRunning.countDown();
                }
            }));
            assertThat(npmRunning.await(60, TimeUnit.SECONDS)).isTrue();
            Future<LanguageServerInstallResult> b = threads.submit(() -> installer().install(List.of("bash"), second::add));
            assertThat(a.get(3, TimeUnit.MINUTES).installed()).containsExactly("bash");
            assertThat(b.get(1, TimeUnit.MINUTES).installed()).containsExactly("bash");
        }
        assertThat(messages(first, "bash")).endsWith("Installed");
        assertThat(messages(second, "bash")).containsExactly("Waiting for another installation into this folder to finish",
                "Already installed");
        assertThat(Files.isExecutable(dir.resolve("node_modules/.bin/bash-language-server"))).isTrue();
    }

    @Test
    void aFailingNpmRunFailsItsServersWithNpmsErrorButNotTheOthers() throws Exception {
        assumeTrue(onPath("clangd") != null, "clangd is installed");
        userRegistry("""
                {"id": "broken", "languages": ["x"], "command": ["node_modules/.bin/broken"],
                 "install": {"npm": ["bash-language-server@0.0.0-no-such-version"]}}""");
        LanguageServerInstallResult r = installer().install(List.of("broken", "clangd"), p -> { });
        assertThat(r.installed()).containsExactly("clangd");
        assertThat(r.failed()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("broken");
            assertThat(f.message()).startsWith("npm install failed (exit code ").contains("npm error");
        });
    }

    @Test
    void anNpmRunPastItsTimeoutIsStoppedWithItsChildrenAndReported() throws Exception {
        LanguageServerInstaller slow = new LanguageServerInstaller(dir, new LanguageServerInstallConfig(Duration.ofMillis(50),
                Duration.ofMinutes(1), Duration.ZERO));
        LanguageServerInstallResult r = slow.install(List.of("yaml"), p -> { });
        assertThat(r.installed()).isEmpty();
        assertThat(r.failed()).extracting(LanguageServerInstallFailure::message)
                .containsExactly("npm did not finish within 50 ms and was stopped");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (npmProcessesFor(dir) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(npmProcessesFor(dir)).isZero();
    }

    private static long npmProcessesFor(Path dir) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(dir.toString())).orElse(false)).count();
    }

    @Test
    void anAptServerTheServerMayNotInstallFailsWithTheExactCommandForEachServer() throws Exception {
        userRegistry("""
                {"id": "one", "languages": ["x"], "command": ["stratus-test-no-such-program-1"], "install": {"apt": ["stratus-test-pkg-1"]}},
                {"id": "two", "languages": ["y"], "command": ["stratus-test-no-such-program-2"], "install": {"apt": ["stratus-test-pkg-2", "stratus-test-pkg-3"]}}""");
        Map<String, String> env = InstallEnvironment.build(System.getenv());
        LanguageServerInstallResult notRoot = installer(new AptInstaller(false, Optional.of(Path.of("/usr/bin/apt-get")), env,
                Duration.ofMinutes(1))).install(List.of("one", "two"), p -> { });
        assertThat(notRoot.installed()).isEmpty();
        assertThat(notRoot.failed()).extracting(LanguageServerInstallFailure::message).containsExactly(
                "Not installed, and the server does not run as root: run sudo apt-get install -y stratus-test-pkg-1",
                "Not installed, and the server does not run as root: run sudo apt-get install -y stratus-test-pkg-2 stratus-test-pkg-3");

        LanguageServerInstallResult noApt = installer(new AptInstaller(true, Optional.empty(), env, Duration.ofMinutes(1)))
                .install(List.of("one"), p -> { });
        assertThat(noApt.failed()).extracting(LanguageServerInstallFailure::message).containsExactly(
                "Not installed, and this system has no apt-get: install stratus-test-pkg-1 with its package manager "
                        + "(on Debian or Ubuntu: sudo apt-get install -y stratus-test-pkg-1)");
    }

    @Test
    void asRootAptGetRunsNonInteractivelyOnceForEveryPackageAndItsFailureIsReported() throws Exception {
        Path program = dir.resolve("system/bin/fake-ls");
        Path calls = dir.resolve("apt-calls.log");
        Path aptGet = dir.resolve("system/apt-get");
        Files.createDirectories(aptGet.getParent());
        Files.writeString(aptGet, """
                #!/bin/sh
                echo "$DEBIAN_FRONTEND $*" >> '%s'
                [ "$3" = stratus-test-missing ] && { echo "E: Unable to locate package stratus-test-missing"; exit 100; }
                mkdir -p '%s' && printf '#!/bin/sh\\n' > '%s' && chmod +x '%s'
                """.formatted(calls, program.getParent(), program, program));
        Files.setPosixFilePermissions(aptGet, PosixFilePermissions.fromString("rwxr-xr-x"));
        userRegistry("""
                {"id": "fake", "languages": ["x"], "command": ["%s"], "install": {"apt": ["stratus-test-fake"]}},
                {"id": "fake2", "languages": ["y"], "command": ["%s"], "install": {"apt": ["stratus-test-fake", "stratus-test-fake2"]}},
                {"id": "missing", "languages": ["z"], "command": ["stratus-test-no-such-program"], "install": {"apt": ["stratus-test-missing"]}}"""
                .formatted(program, program));
        LanguageServerInstaller asRoot = installer(new AptInstaller(true, Optional.of(aptGet), InstallEnvironment.build(System.getenv()),
                Duration.ofMinutes(1)));

        LanguageServerInstallResult r = asRoot.install(List.of("fake", "fake2"), p -> { });
        assertThat(r.installed()).containsExactly("fake", "fake2");
        assertThat(Files.readAllLines(calls)).containsExactly("noninteractive install -y stratus-test-fake stratus-test-fake2");

        LanguageServerInstallResult failed = asRoot.install(List.of("missing"), p -> { });
        assertThat(failed.failed()).extracting(LanguageServerInstallFailure::message).containsExactly(
                "apt-get install -y stratus-test-missing failed (exit code 100): E: Unable to locate package stratus-test-missing");
    }

    @Test
    void withoutIdsEveryDefaultServerIsInstalledAndNothingElse() throws Exception {
        Path program = dir.resolve("fake/server");
        fakeProgram(program);
        LanguageServerRegistry builtIn = LanguageServerRegistry.load(dir);
        userRegistry(builtIn.all().stream().filter(LanguageServerDefinition::isDefault).map(s -> """
                {"id": "%s", "languages": ["x"], "command": ["%s"], "install": {"external": "by hand"}, "default": true}"""
                .formatted(s.id(), program)).collect(Collectors.joining(",")));
        LanguageServerInstallResult r = installer().install(null, p -> { });
        assertThat(r.installed()).containsExactly("typescript", "pyright", "json", "css", "html", "yaml", "bash", "clangd");
        assertThat(r.failed()).isEmpty();
        assertThat(installer().install(List.of(), p -> { })).isEqualTo(new LanguageServerInstallResult(List.of(), List.of()));
    }

    @Test
    void anNpmServerWhosePackageIsAtAnotherVersionIsNotInstalled() throws Exception {
        fakeProgram(dir.resolve("node_modules/.bin/bash-language-server"));
        Files.createDirectories(dir.resolve("node_modules/bash-language-server"));
        Files.writeString(dir.resolve("node_modules/bash-language-server/package.json"), "{\"version\": \"5.8.0\"}");
        AptInstaller noApt = new AptInstaller(false, Optional.empty(), Map.of(), Duration.ofMinutes(1));
        LanguageServerInstaller offline = new LanguageServerInstaller(dir, LanguageServerInstallConfig.defaults(), noApt,
                Map.of("PATH", dir.resolve("no-bin").toString()));
        LanguageServerInstallResult r = offline.install(List.of("bash"), p -> { });
        assertThat(r.failed()).extracting(LanguageServerInstallFailure::message)
                .containsExactly("npm is not installed: install Node.js 20 or newer with npm, then install again");
        Files.writeString(dir.resolve("node_modules/bash-language-server/package.json"), "{\"version\": \"5.8.1\"}");
        assertThat(offline.install(List.of("bash"), p -> { }).installed()).containsExactly("bash");
    }

    @Test
    void aMalformedUserRegistryMakesListingAndInstallingUnavailable() throws Exception {
        userRegistry("{\"id\": \"x\"");
        assertThatThrownBy(() -> installer().list()).isInstanceOfSatisfying(LanguageServerInstallException.class,
                e -> assertThat(e.reason()).isEqualTo(ProtocolError.UNAVAILABLE));
        assertThatThrownBy(() -> installer().install(List.of("bash"), p -> { }))
                .isInstanceOfSatisfying(LanguageServerInstallException.class, e -> assertThat(e.reason()).isEqualTo(ProtocolError.UNAVAILABLE));
    }

    @Test
    void packageNamesAndVersionsAreReadFromSpecs() {
        assertThat(NpmInstaller.packageName("typescript@5.9.3")).isEqualTo("typescript");
        assertThat(NpmInstaller.version("typescript@5.9.3")).isEqualTo("5.9.3");
        assertThat(NpmInstaller.packageName("@scope/pkg@1.0.0")).isEqualTo("@scope/pkg");
        assertThat(NpmInstaller.version("@scope/pkg@1.0.0")).isEqualTo("1.0.0");
        assertThat(NpmInstaller.packageName("@scope/pkg")).isEqualTo("@scope/pkg");
        assertThat(NpmInstaller.version("@scope/pkg")).isEmpty();
    }

    @Test
    void outputLinesLoseColoursAndControlCharactersAndAreBounded() {
        assertThat(InstallProcess.clean("\u001B[1m\u001B[31mnpm error\u001B[0m code\rETARGET\u0007")).isEqualTo("npm error codeETARGET");
        assertThat(InstallProcess.clean("x".repeat(1000))).hasSize(401);
    }

    @Test
    void theEnvironmentOfPackageManagersKeepsOnlyAllowedVariables() {
        Map<String, String> env = InstallEnvironment.build(Map.of("PATH", "/bin", "HOME", "/home/u", "STRATUS_BOOTSTRAP_TOKEN", "t",
                "AWS_SECRET_ACCESS_KEY", "k", "DATABASE_PASSWORD", "p", "npm_config_registry", "https://registry.example/",
                "HTTPS_PROXY", "http://proxy:3128"));
        assertThat(env).containsOnlyKeys("PATH", "HOME", "npm_config_registry", "HTTPS_PROXY");
        assertThat(InstallEnvironment.build(Map.of())).containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin");
    }

    @Test
    void clientsGetEveryStepButAtMostOneOutputLinePerServerAndInterval() {
        List<LanguageServerInstallProgress> sent = new CopyOnWriteArrayList<>();
        long[] now = {0};
        ThrottledInstallProgress throttled = new ThrottledInstallProgress(p -> {
            sent.add(p);
            if (p.message().equals("boom")) {
                throw new IllegalStateException("socket closed");
            }
        }, Duration.ofMillis(250), () -> now[0]);
        throttled.accept(new LanguageServerInstallProgress("a", "start", 0));
        throttled.accept(new LanguageServerInstallProgress("a", "line 1", null));
        throttled.accept(new LanguageServerInstallProgress("b", "line 1", null));
        now[0] = TimeUnit.MILLISECONDS.toNanos(100);
        throttled.accept(new LanguageServerInstallProgress("a", "line 2", null));
        now[0] = TimeUnit.MILLISECONDS.toNanos(260);
        throttled.accept(new LanguageServerInstallProgress("a", "line 3", null));
        throttled.accept(new LanguageServerInstallProgress("a", "boom", 100));
        assertThat(sent).extracting(p -> p.id() + " " + p.message()).containsExactly("a start", "a line 1", "b line 1", "a line 3", "a boom");
    }
}
