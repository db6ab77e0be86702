package dev.stratus.server.lsp;

import static dev.stratus.server.lsp.InstallTestSupport.fakeProgram;
import static dev.stratus.server.lsp.InstallTestSupport.npmCalls;
import static dev.stratus.server.lsp.InstallTestSupport.onPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.ErrorCodes;
import dev.stratus.server.support.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code language-servers/list} and {@code language-servers/install} over a real server process
 * whose install folder is a fresh one, with a recording npm first on its PATH and a secret in its
 * environment.
 */
class LanguageServerInstallRpcTest {
    static final String SECRET = "AWS_SECRET_ACCESS_KEY";
    @TempDir
    static Path base;
    static Path installDir;
    static Path npmDir;
    static ServerProcess server;
    static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        installDir = base.resolve("language-servers");
        fakeProgram(installDir.resolve("node_modules/.bin/pyright-langserver"));
        Files.writeString(installDir.resolve("servers.json"), """
                {"servers": [{"id": "lua", "name": "Lua", "languages": ["lua"], "filePatterns": ["*.lua"],
                  "command": ["stratus-test-no-lua-language-server"], "install": {"external": "Install lua-language-server by hand."}}]}""");
        npmDir = Files.createDirectories(base.resolve("npm"));
        Path bin = InstallTestSupport.recordingNpm(npmDir);
        Map<String, String> env = new HashMap<>();
        env.put(LanguageServerRegistry.DIR_ENV, installDir.toString());
        env.put("PATH", InstallTestSupport.pathWith(bin));
        env.put(SECRET, "secret-value-that-must-not-leak");
        server = ServerProcess.start(base.resolve("server"), env);
        rpc = server.rpc();
    }

    @AfterAll
    static void stop() throws Exception {
        rpc.close();
        server.close();
    }

    private static Map<String, JsonNode> listById() throws Exception {
        Map<String, JsonNode> byId = new HashMap<>();
        rpc.result("language-servers/list", Map.of()).get("servers").forEach(s -> byId.put(s.get("id").asText(), s));
        return byId;
    }

    private static JsonNode install(String... ids) throws Exception {
        JsonNode r = rpc.call("language-servers/install", Map.of("ids", List.of(ids)), Duration.ofMinutes(3));
        assertThat(r.has("error")).as("%s", r).isFalse();
        return r.get("result");
    }

    /** The progress notifications received so far for {@code id}, as "percent message" strings. */
    private static List<String> progress(String id) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode n; (n = rpc.nextNotification(200)) != null; ) {
            if (n.get("method").asText().equals("language-servers/progress") && n.get("params").get("id").asText().equals(id)) {
                JsonNode percent = n.get("params").get("percent");
                out.add((percent == null || percent.isNull() ? "-" : percent.asText()) + " " + n.get("params").get("message").asText());
            }
        }
        return out;
    }

    @Test
    void listReportsEveryRegisteredServerAndWhetherItIsInstalled() throws Exception {
        JsonNode servers = rpc.result("language-servers/list", Map.of()).get("servers");
        List<String> ids = new ArrayList<>();
        servers.forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).containsExactly("typescript", "pyright", "json", "css", "html", "yaml", "bash", "clangd", "jdtls", "lua");

        Map<String, JsonNode> byId = listById();
        JsonNode typescript = byId.get("typescript");
        assertThat(typescript.get("installed").asBoolean()).isFalse();
        assertThat(typescript.get("installMethod").asText()).isEqualTo("npm");
        assertThat(typescript.get("default").asBoolean()).isTrue();
        assertThat(typescript.get("name").asText()).contains("TypeScript");
        assertThat(typescript.get("languages").toString()).contains("\"typescript\"", "\"javascriptreact\"");
        assertThat(typescript.get("filePatterns").toString()).contains("\"*.ts\"");
        assertThat(byId.get("pyright").get("installed").asBoolean()).as("its program exists").isTrue();
        assertThat(byId.get("clangd").get("installed").asBoolean()).isEqualTo(onPath("clangd") != null);
        assertThat(byId.get("clangd").get("installMethod").asText()).isEqualTo("apt");
        assertThat(byId.get("jdtls").get("installMethod").asText()).isEqualTo("external");
        assertThat(byId.get("jdtls").get("default").asBoolean()).isFalse();
        assertThat(byId.get("jdtls").get("installed").asBoolean()).isFalse();
        assertThat(byId.get("lua").get("filePatterns").toString()).isEqualTo("[\"*.lua\"]");
    }

    @Test
    void anNpmServerIsInstalledWithOneNpmRunAndThenNeverRunsNpmAgain() throws Exception {
        progress("bash");
        JsonNode first = install("bash");
        assertThat(first.get("installed").toString()).isEqualTo("[\"bash\"]");
        assertThat(first.get("failed").size()).isZero();
        List<String> steps = progress("bash");
        assertThat(steps.getFirst()).isEqualTo("0 Installing with npm: bash-language-server@5.8.1");
        assertThat(steps).filteredOn(s -> s.startsWith("- ")).as("npm's output").isNotEmpty();
        assertThat(steps.getLast()).isEqualTo("100 Installed");
        assertThat(Files.isExecutable(installDir.resolve("node_modules/.bin/bash-language-server"))).isTrue();
        assertThat(npmCalls(npmDir)).containsExactly("install --no-audit --no-fund --save-exact --prefix " + installDir
                + " bash-language-server@5.8.1");
        List<String> npmEnv = Files.readAllLines(npmDir.resolve("env.txt"));
        assertThat(npmEnv).anyMatch(l -> l.startsWith("PATH=")).anyMatch(l -> l.startsWith("HOME="))
                .noneMatch(l -> l.startsWith(SECRET + "=") || l.startsWith("STRATUS_BOOTSTRAP_TOKEN="));
        assertThat(listById().get("bash").get("installed").asBoolean()).isTrue();

        JsonNode again = install("bash");
        assertThat(again.get("installed").toString()).isEqualTo("[\"bash\"]");
        assertThat(progress("bash")).containsExactly("100 Already installed");
        assertThat(npmCalls(npmDir)).hasSize(1);
    }

    @Test
    void anAptServerThatIsPresentIsInstalledWithoutRunningAnything() throws Exception {
        assumeTrue(onPath("clangd") != null, "clangd is installed (Debian package clangd)");
        progress("clangd");
        int npmRuns = npmCalls(npmDir).size();
        JsonNode r = install("clangd");
        assertThat(r.get("installed").toString()).isEqualTo("[\"clangd\"]");
        assertThat(progress("clangd")).containsExactly("100 Already installed");
        assertThat(npmCalls(npmDir)).hasSize(npmRuns);
    }

    @Test
    void aServerInstalledByHandFailsWithTheRegistrysInstructions() throws Exception {
        JsonNode r = install("jdtls", "lua");
        assertThat(r.get("installed").size()).isZero();
        JsonNode failed = r.get("failed");
        assertThat(failed.get(0).get("id").asText()).isEqualTo("jdtls");
        assertThat(failed.get(0).get("message").asText()).isEqualTo(
                LanguageServerRegistry.load(installDir).byId("jdtls").orElseThrow().install().external());
        assertThat(failed.get(1).get("id").asText()).isEqualTo("lua");
        assertThat(failed.get(1).get("message").asText()).isEqualTo("Install lua-language-server by hand.");
    }

    @Test
    void anEmptyListInstallsNothing() throws Exception {
        int npmRuns = npmCalls(npmDir).size();
        JsonNode r = install();
        assertThat(r.get("installed").size()).isZero();
        assertThat(r.get("failed").size()).isZero();
        assertThat(npmCalls(npmDir)).hasSize(npmRuns);
    }

    @Test
    void unknownIdsAndMalformedParamsAreInvalidParamsAndInstallNothing() throws Exception {
        int npmRuns = npmCalls(npmDir).size();
        JsonNode unknown = rpc.call("language-servers/install", Map.of("ids", List.of("yaml", "no-such-server")));
        assertThat(unknown.get("error").get("code").asInt()).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(unknown.get("error").get("message").asText()).contains("\"no-such-server\"", "typescript");
        assertThat(unknown.get("error").has("data")).isFalse();
        assertThat(rpc.errorCode("language-servers/install", Map.of("ids", Arrays.asList("yaml", null))))
                .isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("language-servers/install", Map.of("ids", Map.of("yaml", true)))).isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(rpc.errorCode("language-servers/install", Map.of("ids", List.of("x".repeat(10_000)))))
                .isEqualTo(ErrorCodes.INVALID_PARAMS);
        assertThat(npmCalls(npmDir)).hasSize(npmRuns);
        assertThat(listById().get("yaml").get("installed").asBoolean()).isFalse();
    }
}
