package dev.stratus.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.server.support.RpcClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell's environment is built from an allow-list. Proven against a real {@code stratus
 * serve} process whose own environment holds secrets (its bootstrap token among them): none of
 * their names or values reach the shell.
 */
class TerminalEnvironmentTest {
    private static final String BOOTSTRAP = "env-test-bootstrap-token-0123456789abcdef";
    private static final Map<String, String> SECRETS = Map.of(
            "STRATUS_BOOTSTRAP_TOKEN", BOOTSTRAP,
            "AWS_SECRET_ACCESS_KEY", "aws-secret-value-4711",
            "GITHUB_TOKEN", "ghp_secretvalue4712",
            "OPENAI_API_KEY", "sk-secretvalue4713",
            "DB_PASSWORD", "db-password-4714",
            "SIGNING_KEY", "signing-key-4715",
            "CLIENT_SECRET", "client-secret-4716");

    @Test
    void serverSecretsNeverReachTheShellAndTheAllowListDoes(@TempDir Path base) throws Exception {
        Path ws = Files.createDirectories(base.resolve("ws"));
        Path web = Files.createDirectories(base.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html>");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.stratus.server.app.Main", "serve", "--port", "0", "--data-dir", base.resolve("state").toString(),
                "--web-root", web.toString(), ws.toString());
        pb.environment().putAll(SECRETS);
        pb.environment().put("TZ", "Europe/Paris");
        pb.environment().put("LC_TIME", "C.UTF-8");
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().remove("STRATUS_DATA_DIR");
        pb.redirectErrorStream(true);
        Process server = pb.start();
        try {
            URI base0 = listeningUri(server);
            URI rpcUri = URI.create("ws://" + base0.getHost() + ":" + base0.getPort() + "/api/workspaces/ws/rpc");
            Map<String, String> auth = Map.of("Authorization", "Bearer " + BOOTSTRAP);
            try (RpcClient rpc = RpcClient.connect(rpcUri, auth)) {
                String id = TerminalTestServer.create(rpc);
                URI socketUri = URI.create("ws://" + base0.getHost() + ":" + base0.getPort() + "/api/workspaces/ws/terminals/" + id);
                try (var socket = TerminalSocketClient.connect(socketUri, auth, TerminalSocketClient.Mode.ACK_ALL, true)) {
                    socket.input("env; echo ENV_$((1+1))\r");
                    socket.awaitOutput("ENV_2", Duration.ofSeconds(15));
                    String out = socket.text();
                    Map<String, String> env = parse(out);
                    for (var secret : SECRETS.entrySet()) {
                        assertThat(env).doesNotContainKey(secret.getKey());
                        assertThat(out).doesNotContain(secret.getValue());
                    }
                    assertThat(env).containsEntry("TERM", "xterm-256color").containsEntry("COLORTERM", "truecolor")
                            .containsEntry("TZ", "Europe/Paris").containsEntry("LC_TIME", "C.UTF-8")
                            .containsEntry("LANG", "C.UTF-8").containsEntry("SHELL", TerminalTestServer.SH)
                            .containsKeys("HOME", "USER", "LOGNAME", "PATH");
                    assertThat(env.get("USER")).isEqualTo(System.getProperty("user.name"));
                }
            }
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static Map<String, String> parse(String out) {
        Map<String, String> env = new HashMap<>();
        for (String line : out.split("\r?\n")) {
            Matcher m = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$").matcher(line.strip());
            if (m.matches()) {
                env.put(m.group(1), m.group(2));
            }
        }
        return env;
    }

    private static URI listeningUri(Process server) throws Exception {
        CompletableFuture<URI> uri = new CompletableFuture<>();
        StringBuilder log = new StringBuilder();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    Matcher m = Pattern.compile("Stratus listening on (http://\\S+)").matcher(line);
                    if (m.find()) {
                        uri.complete(URI.create(m.group(1)));
                    }
                }
                uri.completeExceptionally(new AssertionError("server ended:\n" + log));
            } catch (Exception e) {
                uri.completeExceptionally(e);
            }
        });
        try {
            URI u = uri.get(60, TimeUnit.SECONDS);
            waitForWorkspace(u);
            return u;
        } catch (Exception e) {
            synchronized (log) {
                throw new AssertionError("server did not start:\n" + log, e);
            }
        }
    }

    private static void waitForWorkspace(URI base) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            var r = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/readyz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("server never became ready");
    }
}
