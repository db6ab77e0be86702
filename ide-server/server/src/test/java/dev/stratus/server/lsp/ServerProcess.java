package dev.stratus.server.lsp;

import dev.stratus.server.support.RpcClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code stratus serve} as its own process, so that its environment (the install folder, the
 * PATH, secrets) is the test's to choose.
 */
final class ServerProcess implements AutoCloseable {
    static final String TOKEN = "install-test-bootstrap-token-0123456789";
    private static final Pattern LISTENING = Pattern.compile("Stratus listening on http://([^/]+)/");
    private static final Pattern WORKSPACE = Pattern.compile("Workspace '([^']+)'");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final String hostPort;
    private final String workspaceId;

    private ServerProcess(Path base, Map<String, String> env) throws Exception {
        Path ws = Files.createDirectories(base.resolve("ws"));
        Path web = Files.createDirectories(base.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>Stratus</title>");
        ProcessBuilder pb = new ProcessBuilder(InstallTestSupport.java(List.of("serve", ws.toString(), "--port", "0",
                "--data-dir", base.resolve("data").toString(), "--web-root", web.toString()))).redirectErrorStream(true);
        pb.environment().remove(LanguageServerRegistry.DIR_ENV);
        pb.environment().put("STRATUS_BOOTSTRAP_TOKEN", TOKEN);
        pb.environment().putAll(env);
        this.process = pb.start();
        CompletableFuture<String> host = new CompletableFuture<>();
        CompletableFuture<String> workspace = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.append(line).append('\n');
                    Matcher l = LISTENING.matcher(line);
                    Matcher w = WORKSPACE.matcher(line);
                    if (l.find()) {
                        host.complete(l.group(1));
                    }
                    if (w.find()) {
                        workspace.complete(w.group(1));
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
            host.completeExceptionally(new IllegalStateException("server exited:\n" + output));
            workspace.completeExceptionally(new IllegalStateException("server exited:\n" + output));
        });
        this.hostPort = host.get(60, TimeUnit.SECONDS);
        this.workspaceId = workspace.get(60, TimeUnit.SECONDS);
    }

    static ServerProcess start(Path base, Map<String, String> env) throws Exception {
        return new ServerProcess(base, env);
    }

    RpcClient rpc() throws Exception {
        return RpcClient.connect(URI.create("ws://" + hostPort + "/api/workspaces/" + workspaceId + "/rpc"),
                Map.of("Authorization", "Bearer " + TOKEN));
    }

    /** Everything it printed so far (its log included). */
    String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
