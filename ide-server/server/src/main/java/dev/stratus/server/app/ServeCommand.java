package dev.stratus.server.app;

import dev.stratus.server.lsp.LspConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stratus serve [DIR]}. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the IDE server: web UI, files, authentication and workspaces in one process.",
                "Prints a one-time login URL at each start."})
final class ServeCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Folder to open as a workspace.")
    Path workspace;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Mixin
    DataDirOption data;

    @Option(names = "--web-root", paramLabel = "DIR",
            description = "The built browser IDE (default: frontend/dist beside the server's install).")
    Path webRoot;

    @Option(names = "--allowed-host", paramLabel = "NAME",
            description = "Also answer requests for this Host name (repeatable), e.g. behind a reverse proxy.")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
            description = "Also accept WebSockets and writes from this Origin (repeatable), e.g. https://ide.example.com.")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--secure-cookies", description = "Mark the session cookie Secure (when served over HTTPS).")
    boolean secureCookies;

    @Option(names = "--language-server-idle-minutes", paramLabel = "MINUTES", defaultValue = "10",
            description = "Shut a workspace's language server down after it has had no editor connected for this long (default: ${DEFAULT-VALUE}).")
    long languageServerIdleMinutes;

    @Option(names = "--language-servers-per-workspace", paramLabel = "N", defaultValue = "4",
            description = "Language-server processes one workspace may run at once, 1 to 64 (default: ${DEFAULT-VALUE}).")
    int languageServersPerWorkspace;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The configuration file (default: stratus.yaml in the data folder); its sections configure extensions, e.g. ai: for the AI assistant.")
    Path config;

    /** Start, answer one request, exit: the launcher's training run for the JVM's class cache. */
    @Option(names = "--exit-after-start", hidden = true)
    boolean exitAfterStart;

    /** The language-server settings the options give. */
    LspConfig lspConfig() {
        if (languageServerIdleMinutes < 1 || languageServerIdleMinutes > 7 * 24 * 60) {
            throw new IllegalArgumentException("--language-server-idle-minutes must be between 1 and 10080 (a week)");
        }
        if (languageServersPerWorkspace < 1 || languageServersPerWorkspace > 64) {
            throw new IllegalArgumentException("--language-servers-per-workspace must be between 1 and 64");
        }
        return LspConfig.defaults()
                .withIdleTime(Duration.ofMinutes(languageServerIdleMinutes))
                .withMaxProcessesPerWorkspace(languageServersPerWorkspace);
    }

    @Override
    public Integer call() throws Exception {
        if (workspace != null && !Files.isDirectory(workspace)) {
            System.err.println("stratus: not a directory: " + workspace);
            return 2;
        }
        if (config != null && !Files.isRegularFile(config)) {
            System.err.println("stratus: no such configuration file: " + config);
            return 2;
        }
        String bootstrap = System.getenv("STRATUS_BOOTSTRAP_TOKEN");
        if (bootstrap != null && !bootstrap.isEmpty() && bootstrap.length() < 32) {
            System.err.println("stratus: STRATUS_BOOTSTRAP_TOKEN must be at least 32 characters long");
            return 2;
        }
        LspConfig lsp;
        try {
            lsp = lspConfig();
        } catch (IllegalArgumentException e) {
            System.err.println("stratus: " + e.getMessage());
            return 2;
        }
        Path web = webRoot != null ? webRoot : Install.defaultWebRoot();
        ServeOptions options = new ServeOptions(workspace, host, port, data.dataDir, web, allowedHosts, allowedOrigins, secureCookies);
        StratusServer server;
        try {
            var extensions = dev.stratus.server.extension.ExtensionConfig.defaults(Install.defaultBuiltInExtensions(), data.dataDir);
            if (config != null) {
                extensions = extensions.withConfigFile(config.toAbsolutePath());
            }
            server = StratusServer.start(options, bootstrap, dev.stratus.server.terminal.TerminalConfig.defaults(),
                    lsp, extensions);
        } catch (RuntimeException e) {
            System.err.println("stratus: cannot listen on " + host + ":" + port + ": " + rootMessage(e));
            return 1;
        }
        System.out.println("Stratus listening on " + server.baseUri());
        StratusServer.State state;
        try {
            state = server.awaitState();
        } catch (RuntimeException e) {
            System.err.println("stratus: cannot open the data dir " + data.dataDir + ": " + rootMessage(e));
            server.close();
            return 1;
        }
        state.opened().ifPresent(ws -> System.out.println("Workspace '" + ws.id() + "': " + ws.root()));
        if (state.firstStart()) {
            System.out.println("Created the admin user" + (bootstrap != null && !bootstrap.isEmpty()
                    ? " and its API token from STRATUS_BOOTSTRAP_TOKEN." : "."));
        }
        if (exitAfterStart) {
            StartupTraining.exercise(server.baseUri());
            server.close();
            return 0;
        }
        System.out.println("Open this one-time login URL (valid 15 minutes): " + server.loginUrl());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "stratus-shutdown"));
        stopped.await();
        return 0;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
