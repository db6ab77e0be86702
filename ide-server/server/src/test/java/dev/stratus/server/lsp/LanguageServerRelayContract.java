package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every relayed language server must do through {@code /api/workspaces/{id}/lsp/{languageId}},
 * run against the real server by one subclass per server: diagnostics for an open file,
 * completion, a definition in another file (named as {@code file:///workspace/...}), a rename
 * over two files applied with {@code language-servers/applyEdit}, a restart after the process is
 * killed, and two sockets sharing one process. Each test works in a folder of its own. Subclasses
 * give the server and its {@link Scenario}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LanguageServerRelayContract {
    static final Duration WAIT = Duration.ofSeconds(60);

    /** A position in a file of the scenario. */
    record At(String file, int line, int character) {
    }

    /**
     * What a server is tested with.
     *
     * @param serverId the registry id of the server under test
     * @param languageId the language of its socket
     * @param files the scenario's files (name to text): a main file with uses, and one they refer to
     * @param mainFile the file with the error and the uses
     * @param alsoOpen files opened besides the main one (servers answer only for what they know)
     * @param errorText part of the message of the main file's error
     * @param completionAt where completion is asked
     * @param completionLabel a label it must offer
     * @param useInMain a use in the main file of a symbol declared in another file
     * @param definitionTargets where its definition may be found: file name to line
     * @param renameAt where that symbol is renamed (to "welcome")
     */
    record Scenario(String serverId, String languageId, Map<String, String> files, String mainFile, List<String> alsoOpen,
                    String errorText, At completionAt, String completionLabel, At useInMain,
                    Map<String, Integer> definitionTargets, At renameAt) {
    }

    private static final String NEW_NAME = "welcome";
    private static final AtomicInteger SYMBOLS = new AtomicInteger();
    private final Scenario scenario;
    private String symbol;
    LspTestServer server;
    RpcClient rpc;

    LanguageServerRelayContract(Scenario scenario) {
        this.scenario = scenario;
    }

    @BeforeAll
    void startServer(@TempDir Path base) throws Exception {
        InstalledLanguageServers.require(scenario.serverId());
        server = LspTestServer.start(base);
        rpc = server.rpc();
    }

    @AfterAll
    void stopServer() {
        if (rpc != null) {
            rpc.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * Writes the scenario into a folder named after the test; returns the folder's workspace path.
     * Each folder's {@code greet} gets a name of its own, of the same length ({@code g0001}): C
     * functions of one name are one symbol to clangd in all folders.
     */
    String writeFiles(TestInfo test) throws Exception {
        String dir = test.getTestMethod().orElseThrow().getName();
        symbol = "g%04d".formatted(SYMBOLS.incrementAndGet());
        for (Map.Entry<String, String> f : scenario.files().entrySet()) {
            Path p = server.workspace.resolve(dir).resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, text(f.getKey()));
        }
        return dir;
    }

    /** A scenario file's text with this test's symbol. */
    String text(String file) {
        return scenario.files().get(file).replace("greet", symbol);
    }

    /** An initialized socket with the scenario's main file (and the scenario's other open files) open. */
    LspSocketClient openScenario(String dir) throws Exception {
        LspSocketClient c = server.lsp(scenario.languageId());
        for (String f : scenario.alsoOpen()) {
            c.open(dir + "/" + f, scenario.languageId(), text(f));
        }
        c.open(dir + "/" + scenario.mainFile(), scenario.languageId(), text(scenario.mainFile()));
        return c;
    }

    static Map<String, Object> position(String dir, At at) {
        return Map.of("textDocument", Map.of("uri", LspTestServer.uri(dir + "/" + at.file())),
                "position", Map.of("line", at.line(), "character", at.character()));
    }

    @Test
    void anErrorInAnOpenFileIsReported(TestInfo test) throws Exception {
        String dir = writeFiles(test);
        try (LspSocketClient c = openScenario(dir)) {
            JsonNode d = c.awaitDiagnostic(dir + "/" + scenario.mainFile(), scenario.errorText());
            assertThat(d.get("diagnostics")).anySatisfy(x -> assertThat(x.path("severity").asInt()).isEqualTo(1));
            // The same problem as extensions see it (the AI assistant's diagnostics tool): workspace
            // path, 1-based position, named severity.
            JsonNode error = null;
            for (JsonNode x : d.get("diagnostics")) {
                if (x.path("message").asText().contains(scenario.errorText())) {
                    error = x;
                }
            }
            assertThat(error).as(d.toString()).isNotNull();
            String path = dir + "/" + scenario.mainFile();
            var problems = server.server.languageServers().diagnostics(server.server.awaitState().opened().orElseThrow(), path);
            int line = error.path("range").path("start").path("line").asInt() + 1;
            int column = error.path("range").path("start").path("character").asInt() + 1;
            assertThat(problems).anySatisfy(p -> {
                assertThat(p.path()).isEqualTo(path);
                assertThat(p.severity()).isEqualTo("error");
                assertThat(p.line()).isEqualTo(line);
                assertThat(p.column()).isEqualTo(column);
                assertThat(p.message()).contains(scenario.errorText());
            });
            assertThat(server.server.languageServers().diagnostics(server.server.awaitState().opened().orElseThrow(), null))
                    .extracting(p -> p.path()).contains(path);
        }
    }

    @Test
    void completionOffersTheExpectedItem(TestInfo test) throws Exception {
        String dir = writeFiles(test);
        try (LspSocketClient c = openScenario(dir)) {
            JsonNode result = c.result("textDocument/completion", position(dir, scenario.completionAt()));
            JsonNode items = result.isArray() ? result : result.get("items");
            List<String> labels = new ArrayList<>();
            items.forEach(i -> labels.add(i.get("label").asText().strip()));
            assertThat(labels).contains(scenario.completionLabel());
        }
    }

    @Test
    void aDefinitionInAnotherFileIsNamedInTheWorkspace(TestInfo test) throws Exception {
        String dir = writeFiles(test);
        try (LspSocketClient c = openScenario(dir)) {
            c.awaitNotification("textDocument/publishDiagnostics", p -> true, WAIT);
            JsonNode result = c.result("textDocument/definition", position(dir, scenario.useInMain()));
            JsonNode first = result.isArray() ? result.get(0) : result;
            assertThat(first).as("definition result %s", result).isNotNull();
            String uri = first.has("targetUri") ? first.get("targetUri").asText() : first.get("uri").asText();
            JsonNode range = first.has("targetSelectionRange") ? first.get("targetSelectionRange") : first.get("range");
            assertThat(uri).startsWith("file:///workspace/" + dir + "/");
            String file = uri.substring(("file:///workspace/" + dir + "/").length());
            assertThat(scenario.definitionTargets()).containsKey(file);
            assertThat(range.at("/start/line").asInt()).isEqualTo(scenario.definitionTargets().get(file));
        }
    }

    @Test
    void aRenameOverTwoFilesIsAppliedThroughTheFileService(TestInfo test) throws Exception {
        String dir = writeFiles(test);
        try (LspSocketClient c = openScenario(dir)) {
            c.awaitNotification("textDocument/publishDiagnostics", p -> true, WAIT);
            Map<String, Object> params = new HashMap<>(position(dir, scenario.renameAt()));
            params.put("newName", NEW_NAME);
            // A cross-file rename needs the server's index of the other file, which some servers
            // (clangd) build in the background after the first diagnostics: ask again until it has it.
            JsonNode edit;
            Set<String> uris = new LinkedHashSet<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            do {
                edit = c.result("textDocument/rename", params);
                uris.clear();
                edit.path("changes").fieldNames().forEachRemaining(uris::add);
                edit.path("documentChanges").forEach(d -> uris.add(d.at("/textDocument/uri").asText()));
            } while (uris.size() < 2 && System.nanoTime() < deadline && pause());
            assertThat(uris).as("rename edit %s", edit).hasSizeGreaterThanOrEqualTo(2)
                    .allMatch(u -> u.startsWith("file:///workspace/" + dir + "/"));

            JsonNode applied = rpc.result("language-servers/applyEdit", Map.of("edit", edit));
            assertThat(applied.get("failed")).isEmpty();
            List<String> paths = new ArrayList<>();
            applied.get("applied").forEach(p -> paths.add(p.asText()));
            assertThat(paths).hasSameSizeAs(uris);
            for (String p : paths) {
                String text = Files.readString(server.workspace.resolve(p));
                assertThat(text).as(p).contains(NEW_NAME).doesNotContain(symbol);
            }
        }
    }

    @Test
    void aKilledServerRestartsAndDiagnosticsReturnForTheOpenFile(TestInfo test) throws Exception {
        String dir = writeFiles(test);
        try (LspSocketClient c = openScenario(dir)) {
            c.awaitDiagnostic(dir + "/" + scenario.mainFile(), scenario.errorText());
            JsonNode before = LspTestServer.status(rpc, scenario.serverId());
            long pid = before.get("pid").asLong();
            c.clearNotifications();
            assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();

            long newPid = LspTestServer.awaitReady(rpc, scenario.serverId(), pid, WAIT);
            assertThat(newPid).isNotEqualTo(pid);
            c.awaitDiagnostic(dir + "/" + scenario.mainFile(), scenario.errorText());
            JsonNode after = LspTestServer.status(rpc, scenario.serverId());
            assertThat(after.get("restarts").asInt()).isEqualTo(before.get("restarts").asInt() + 1);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            JsonNode hover = c.request("textDocument/hover", position(dir, scenario.useInMain()));
            assertThat(hover.has("error")).as("hover after the restart: %s", hover).isFalse();
        }
    }

    @Test
    void twoSocketsShareOneProcessAndBothGetDiagnostics(TestInfo test) throws Exception {
        String dir = writeFiles(test);
        try (LspSocketClient first = openScenario(dir)) {
            first.awaitDiagnostic(dir + "/" + scenario.mainFile(), scenario.errorText());
            long pid = myServer().get("pid").asLong();
            assertThat(pid).isPositive();
            try (LspSocketClient second = openScenario(dir)) {
                second.awaitDiagnostic(dir + "/" + scenario.mainFile(), scenario.errorText());
                // The second socket was served by the same process, not by a second one.
                JsonNode s = myServer();
                assertThat(s.get("state").asText()).isEqualTo("ready");
                assertThat(s.get("languageId").asText()).isEqualTo(scenario.languageId());
                assertThat(s.get("pid").asLong()).isEqualTo(pid);
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
            }
        }
    }

    /** This scenario's server in {@code language-servers/status}: there must be exactly one. */
    private JsonNode myServer() throws Exception {
        List<JsonNode> mine = new ArrayList<>();
        rpc.result("language-servers/status", Map.of()).get("servers").forEach(s -> {
            if (s.get("id").asText().equals(scenario.serverId())) {
                mine.add(s);
            }
        });
        assertThat(mine).hasSize(1);
        return mine.get(0);
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(200);
        return true;
    }
}
