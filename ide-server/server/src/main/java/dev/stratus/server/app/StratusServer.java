package dev.stratus.server.app;

import dev.stratus.protocol.fs.FileClient;
import dev.stratus.protocol.fs.FileService;
import dev.stratus.protocol.terminal.TerminalClient;
import dev.stratus.protocol.terminal.TerminalService;
import dev.stratus.protocol.git.GitClient;
import dev.stratus.protocol.git.GitService;
import dev.stratus.protocol.lsp.LanguageServerInstallClient;
import dev.stratus.protocol.lsp.LanguageServerInstallService;
import dev.stratus.protocol.lsp.LanguageServerSessionClient;
import dev.stratus.protocol.lsp.LanguageServerSessionService;
import dev.stratus.protocol.search.SearchClient;
import dev.stratus.protocol.search.SearchService;
import dev.stratus.server.auth.AuthConfig;
import dev.stratus.server.auth.Authenticator;
import dev.stratus.server.auth.JdbcAuthService;
import dev.stratus.server.auth.Bucket4jLoginThrottle;
import dev.stratus.protocol.extension.CommandService;
import dev.stratus.protocol.extension.ExtensionClient;
import dev.stratus.protocol.extension.ExtensionService;
import dev.stratus.protocol.extension.SettingsClient;
import dev.stratus.protocol.extension.SettingsService;
import dev.stratus.server.extension.ExtensionConfig;
import dev.stratus.server.extension.ExtensionConnection;
import dev.stratus.server.extension.ExtensionHost;
import dev.stratus.server.extension.ExtensionHttpHandler;
import dev.stratus.server.extension.JdbcSettingsStore;
import dev.stratus.server.extension.SettingsStore;
import dev.stratus.server.fs.FsConfig;
import dev.stratus.server.fs.LocalFileStores;
import dev.stratus.server.fs.VfsFileService;
import dev.stratus.server.git.GitConfig;
import dev.stratus.server.git.GitCredentialStore;
import dev.stratus.server.git.GitRepositories;
import dev.stratus.server.git.JGitService;
import dev.stratus.server.http.AuthHandler;
import dev.stratus.server.http.FileTransferHandler;
import dev.stratus.server.http.HealthRoutes;
import dev.stratus.server.http.HostCheckHandler;
import dev.stratus.server.http.HostPolicy;
import dev.stratus.server.http.IoThreadCompletionHandler;
import dev.stratus.server.http.Json;
import dev.stratus.server.http.OriginCheckHandler;
import dev.stratus.server.http.SecurityHeadersHandler;
import dev.stratus.server.http.SessionRoutes;
import dev.stratus.server.http.StaticFilesHandler;
import dev.stratus.server.http.WorkspaceRoutes;
import dev.stratus.server.lsp.LanguageServerInstaller;
import dev.stratus.server.lsp.LanguageServerRegistry;
import dev.stratus.server.lsp.LanguageServers;
import dev.stratus.server.lsp.LspConfig;
import dev.stratus.server.lsp.LspRelaySessionService;
import dev.stratus.server.lsp.LspSocketHandler;
import dev.stratus.server.lsp.PackageManagerInstallService;
import dev.stratus.server.rpc.RpcConfig;
import dev.stratus.server.rpc.RpcSocketHandler;
import dev.stratus.server.search.LuceneSearchService;
import dev.stratus.server.search.SearchConfig;
import dev.stratus.server.search.SearchIndexes;
import dev.stratus.server.storage.Database;
import dev.stratus.server.storage.Jdbc;
import dev.stratus.server.terminal.PtyTerminalService;
import dev.stratus.server.terminal.TerminalConfig;
import dev.stratus.server.terminal.TerminalSocketHandler;
import dev.stratus.server.terminal.Terminals;
import dev.stratus.server.workspace.JdbcWorkspaceRegistry;
import dev.stratus.server.workspace.Workspace;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Methods;
import io.undertow.util.PathTemplateMatch;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The composition root of {@code stratus serve}: the only class that knows every concrete
 * implementation. The HTTP listener starts first (so {@code /healthz} answers at once); the
 * database opens and migrates alongside, and {@code /readyz} turns 200 when it is ready.
 */
public final class StratusServer implements AutoCloseable {
    /** Paths that need no authentication: health, the login page and its assets, the login call. */
    static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/readyz", "/login", "/login.html", "/login.js",
            "/login.css", "/favicon.svg", "/api/login");
    /** Undertow's default buffer size for a large heap: 16 KiB less the allocator's header. */
    private static final int BUFFER_SIZE = 16 * 1024 - 20;
    /** Buffers kept for reuse once returned; more in use at once are allocated, and freed when returned. */
    private static final int POOLED_BUFFERS = 1024;

    private final ExecutorService rpcExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final LocalFileStores stores;
    private final GitRepositories gitRepositories = new GitRepositories();
    private final SearchIndexes search;
    private final CompletableFuture<State> state;
    private final RpcSocketHandler rpc;
    private final Terminals terminals;
    private final TerminalSocketHandler terminalSockets;
    private final LanguageServers languageServers;
    private final LspSocketHandler lspSockets;
    private final ExtensionHost extensions;
    private final ServerMetrics metrics;
    /**
     * The listener's direct I/O buffers, in one queue shared by all threads. Undertow's default
     * pool keeps up to four per thread and none in its shared queue (its bound is -1), which suits
     * a fixed set of worker threads. Requests here run on virtual threads, a new one per request:
     * with the default, each request made a cache of its own (an object with a finalizer),
     * allocated and zeroed new direct buffers, and left them in that cache until a collection ran
     * its finalizer.
     */
    private final ByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_SIZE, POOLED_BUFFERS, 0);
    private final Undertow undertow;
    private final URI baseUri;

    /** What exists once the database is open. */
    public record State(Database db, JdbcAuthService auth, JdbcWorkspaceRegistry workspaces, String adminId,
                        boolean firstStart, Optional<Workspace> opened) {
    }

    private StratusServer(ServeOptions options, String bootstrapToken, TerminalConfig terminalConfig, LspConfig lspConfig,
                          ExtensionConfig extensionConfig) {
        FsConfig fsConfig = FsConfig.defaults();
        this.stores = new LocalFileStores(fsConfig);
        this.terminals = new Terminals(terminalConfig, System.getenv());
        GitConfig gitConfig = GitConfig.defaults();
        GitCredentialStore gitCredentials = new GitCredentialStore();
        SearchConfig searchConfig = SearchConfig.defaults();
        this.search = new SearchIndexes(options.dataDir().resolve("index"), searchConfig,
                ws -> sink -> stores.watcher(ws).subscribe("", true, sink));
        this.languageServers = new LanguageServers(LanguageServerRegistry.defaultInstallDir(options.dataDir()), lspConfig, System.getenv());
        this.state = new CompletableFuture<>();
        LanguageServerInstaller installer = LanguageServerInstaller.forDataDir(options.dataDir());
        HostPolicy hosts = HostPolicies.forBind(options.host(), options.allowedHosts(), options.allowedOrigins());
        this.extensions = new ExtensionHost(extensionConfig, settingsStore(), new AppWorkspaceServices(new AppWorkspaceServices.Factories(
                (userId, id) -> state().workspaces().ownerOf(id).filter(userId::equals).flatMap(owner -> state().workspaces().get(id)),
                ws -> new VfsFileService(stores.store(ws), stores.watcher(ws), changes -> { }, fsConfig, rpcExecutor),
                ws -> new LuceneSearchService(search.open(ws), (SearchClient) progress -> { }, searchConfig, rpcExecutor),
                (ws, user) -> new JGitService(ws, user, (dev.stratus.protocol.git.GitClient) p -> { }, gitRepositories, gitCredentials, gitConfig, rpcExecutor),
                ws -> new PtyTerminalService(terminals, ws, (dev.stratus.protocol.terminal.TerminalClient) p -> { }, rpcExecutor),
                terminals::type, terminals::run, languageServers::diagnostics)));
        languageServers.contributions(extensions::languageServers);
        this.metrics = new ServerMetrics(extensions::scrapeMetrics);
        metrics.gauge("stratus_terminals", "Terminals running or exited but not closed", terminals, Terminals::count);
        metrics.gauge("stratus_language_server_processes", "Language-server processes running", languageServers,
                LanguageServers::processCount);
        metrics.gauge("stratus_workspaces", "Registered workspaces", state,
                s -> s.isDone() && !s.isCompletedExceptionally() ? s.join().workspaces().list().size() : 0);
        for (String st : List.of("inactive", "active", "failed")) {
            metrics.gauge("stratus_extensions", "Extensions by state", "state", st, extensions,
                    x -> x.list().stream().filter(e -> e.state().equals(st)).count());
        }
        this.rpc = new RpcSocketHandler(this::workspaceOf, ex -> ex.getAttachment(AuthHandler.PRINCIPAL),
                new WorkspaceRpcServices(List.of(
                        new WorkspaceRpcServices.Feature(FileService.class, FileClient.class, (ws, user, client) ->
                                new VfsFileService(stores.store(ws), stores.watcher(ws), (FileClient) client, fsConfig, rpcExecutor)),
                        new WorkspaceRpcServices.Feature(TerminalService.class, TerminalClient.class, (ws, user, client) ->
                                new PtyTerminalService(terminals, ws, (TerminalClient) client, rpcExecutor)),
                        new WorkspaceRpcServices.Feature(GitService.class, GitClient.class, (ws, user, client) ->
                                new JGitService(ws, user, (GitClient) client, gitRepositories, gitCredentials, gitConfig, rpcExecutor)),
                        new WorkspaceRpcServices.Feature(SearchService.class, SearchClient.class, (ws, user, client) ->
                                new LuceneSearchService(search.open(ws), (SearchClient) client, searchConfig, rpcExecutor)),
                        new WorkspaceRpcServices.Feature(LanguageServerInstallService.class, LanguageServerInstallClient.class, (ws, user, client) ->
                                new PackageManagerInstallService(installer, (LanguageServerInstallClient) client, rpcExecutor)),
                        new WorkspaceRpcServices.Feature(LanguageServerSessionService.class, LanguageServerSessionClient.class,
                                (ws, user, client) -> new LspRelaySessionService(languageServers, ws,
                                        new VfsFileService(stores.store(ws), stores.watcher(ws), changes -> { }, fsConfig, rpcExecutor),
                                        (LanguageServerSessionClient) client, rpcExecutor)),
                        new WorkspaceRpcServices.Feature(
                                List.of(ExtensionService.class, CommandService.class, SettingsService.class),
                                List.of(ExtensionClient.class, SettingsClient.class),
                                (ws, user, client) -> new ExtensionConnection(extensions, ws, user, client, rpcExecutor)))),
                RpcConfig.defaults());

        var health = new HealthRoutes(() -> state.isDone() && !state.isCompletedExceptionally());
        var sessions = new SessionRoutes(this::auth, new Bucket4jLoginThrottle(AuthConfig.defaults().loginAttemptsPerMinute()),
                options.secureCookies());
        var workspaceRoutes = new WorkspaceRoutes(() -> state().workspaces());
        var files = new FileTransferHandler(id -> state().workspaces().get(id), stores, fsConfig.maxUploadBytes());
        var web = new StaticFilesHandler(options.webRoot(), options.dataDir().resolve("web-cache"));
        this.terminalSockets = new TerminalSocketHandler(this::workspaceOf, terminals);
        this.lspSockets = new LspSocketHandler(this::workspaceOf, languageServers);
        var extensionRoutes = new ExtensionHttpHandler(extensions, ex -> ex.getAttachment(AuthHandler.PRINCIPAL), Json::error);

        RoutingHandler routes = Handlers.routing()
                .get("/healthz", health::health)
                .get("/readyz", health::ready)
                .get("/metrics", metrics::handle)
                .post("/api/login", sessions::login)
                .post("/api/logout", sessions::logout)
                .get("/api/me", sessions::me)
                .get("/api/workspaces", workspaceRoutes::list)
                .get("/api/workspaces/{id}/rpc", rpc)
                .get("/api/workspaces/{id}/terminals/{terminalId}", terminalSockets)
                .get("/api/workspaces/{id}/lsp/{languageId}", lspSockets)
                .get("/api/workspaces/{id}/files/*", files)
                .add(Methods.HEAD, "/api/workspaces/{id}/files/*", files)
                .put("/api/workspaces/{id}/files/*", files)
                .get("/api/extensions/{id}/frontend/*", extensionRoutes.frontend())
                .add(Methods.GET, "/api/ext/{id}/*", extensionRoutes.routes())
                .add(Methods.POST, "/api/ext/{id}/*", extensionRoutes.routes())
                .add(Methods.PUT, "/api/ext/{id}/*", extensionRoutes.routes())
                .add(Methods.DELETE, "/api/ext/{id}/*", extensionRoutes.routes())
                .add(Methods.PATCH, "/api/ext/{id}/*", extensionRoutes.routes())
                .setFallbackHandler(ex -> {
                    var aliased = extensionRoutes.aliased(ex);
                    if (aliased.isPresent()) {
                        aliased.get().handleRequest(ex);
                    } else {
                        notFoundOr(ex, web);
                    }
                })
                .setInvalidMethodHandler(ex -> Json.error(ex, StatusCodes.METHOD_NOT_ALLOWED, "method_not_allowed", "Method not allowed"));
        HttpHandler h = routes;
        h = new AuthHandler(this::auth, PUBLIC_PATHS, h);
        h = new OriginCheckHandler(hosts, PUBLIC_PATHS, h);
        h = Json.openAiErrorsFor(extensionRoutes::underAlias, h);
        h = new HostCheckHandler(hosts, h);
        h = new SecurityHeadersHandler(h);
        h = metrics.counting(h);
        h = new IoThreadCompletionHandler(h); // outermost: see its javadoc

        this.undertow = Undertow.builder().setByteBufferPool(buffers)
                .addHttpListener(options.port(), options.host()).setHandler(h).build();
        undertow.start();
        // The database opens once the listener is up: /healthz answers sooner, and /readyz
        // (and every request needing the database) waits for it.
        rpcExecutor.execute(() -> {
            try {
                state.complete(openState(options, bootstrapToken));
            } catch (Throwable t) {
                state.completeExceptionally(t);
                return;
            }
            // Registered workspaces get their search index built (or reconciled) right away.
            search.openAll(state.join().workspaces().list());
            extensions.start();
        });
        InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress();
        this.baseUri = URI.create("http://" + HostPolicies.urlHost(options.host()) + ":" + bound.getPort() + "/");
    }

    /** Starts a server; the database keeps opening in the background (see {@link #awaitState()}). */
    public static StratusServer start(ServeOptions options, String bootstrapToken) {
        return start(options, bootstrapToken, TerminalConfig.defaults());
    }

    /** Starts a server with the given terminal settings (grace time, buffers, limits). */
    public static StratusServer start(ServeOptions options, String bootstrapToken, TerminalConfig terminalConfig) {
        return start(options, bootstrapToken, terminalConfig, LspConfig.defaults());
    }

    /** Starts a server with the given terminal and language-server settings. */
    public static StratusServer start(ServeOptions options, String bootstrapToken, TerminalConfig terminalConfig, LspConfig lspConfig) {
        return start(options, bootstrapToken, terminalConfig, lspConfig,
                ExtensionConfig.defaults(Install.defaultBuiltInExtensions(), options.dataDir()));
    }

    /** Starts a server with the given terminal, language-server and extension settings. */
    public static StratusServer start(ServeOptions options, String bootstrapToken, TerminalConfig terminalConfig, LspConfig lspConfig,
                                      ExtensionConfig extensionConfig) {
        return new StratusServer(options, bootstrapToken, terminalConfig, lspConfig, extensionConfig);
    }

    /** Setting values, in the database once it is open. */
    private SettingsStore settingsStore() {
        return new SettingsStore() {
            private volatile JdbcSettingsStore store;

            private JdbcSettingsStore store() {
                JdbcSettingsStore s = store;
                if (s == null) {
                    s = new JdbcSettingsStore(new Jdbc(state().db()));
                    store = s;
                }
                return s;
            }

            @Override
            public java.util.Map<String, String> values(Scope scope, String ownerId) {
                return store().values(scope, ownerId);
            }

            @Override
            public void put(Scope scope, String ownerId, String key, String json) {
                store().put(scope, ownerId, key, json);
            }
        };
    }

    /** The extension host (for operations and tests). */
    public ExtensionHost extensions() {
        return extensions;
    }

    private static State openState(ServeOptions options, String bootstrapToken) {
        Database db = Database.open(options.dataDir());
        Jdbc jdbc = new Jdbc(db);
        JdbcAuthService auth = new JdbcAuthService(jdbc, AuthConfig.defaults(), Clock.systemUTC());
        JdbcWorkspaceRegistry workspaces = new JdbcWorkspaceRegistry(jdbc, Clock.systemUTC());
        JdbcAuthService.AdminUser admin = auth.ensureAdmin();
        if (admin.created() && bootstrapToken != null && !bootstrapToken.isEmpty()) {
            auth.addBootstrapToken(admin.id(), bootstrapToken);
        }
        auth.keepTokensInUseVerified();
        Optional<Workspace> opened = Optional.ofNullable(options.workspace()).map(dir -> workspaces.register(dir, admin.id()));
        return new State(db, auth, workspaces, admin.id(), admin.created(), opened);
    }

    private static void notFoundOr(HttpServerExchange ex, HttpHandler web) throws Exception {
        if (ex.getRelativePath().startsWith("/api/") || !(ex.getRequestMethod().equals(Methods.GET)
                || ex.getRequestMethod().equals(Methods.HEAD))) {
            Json.error(ex, StatusCodes.NOT_FOUND, "not_found", "No such route");
            return;
        }
        web.handleRequest(ex);
    }

    private Optional<Workspace> workspaceOf(HttpServerExchange exchange) {
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        return match == null ? Optional.empty() : state().workspaces().get(match.getParameters().get("id"));
    }

    private Authenticator auth() {
        return state().auth();
    }

    /** The database-backed state, waiting for it if it is still opening. */
    public State awaitState() {
        return state.join();
    }

    private State state() {
        return state.join();
    }

    /** A new one-time login URL for the admin user. */
    public URI loginUrl() {
        State s = state();
        return baseUri.resolve("/login#token=" + s.auth().createLoginToken(s.adminId()));
    }

    /** {@code http://host:port/} as clients should address it. */
    /** Every workspace's language servers (their diagnostics reach extensions through it). */
    public LanguageServers languageServers() {
        return languageServers;
    }

    public URI baseUri() {
        return baseUri;
    }

    /** Every workspace's terminals (for operations and tests). */
    public Terminals terminals() {
        return terminals;
    }

    @Override
    public void close() {
        rpc.close();
        extensions.close();
        terminalSockets.close();
        lspSockets.close();
        terminals.close();
        languageServers.close();
        undertow.stop();
        buffers.close();
        metrics.close();
        search.close();
        stores.close();
        gitRepositories.close();
        if (state.isDone() && !state.isCompletedExceptionally()) {
            state.join().auth().close();
            state.join().db().close();
        }
        rpcExecutor.shutdownNow();
    }
}
