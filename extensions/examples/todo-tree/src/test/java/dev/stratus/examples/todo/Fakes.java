package dev.stratus.examples.todo;

import dev.stratus.extension.api.AiTool;
import dev.stratus.extension.api.AiToolCall;
import dev.stratus.extension.api.AiTools;
import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.Commands;
import dev.stratus.extension.api.ExtensionContext;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.HttpRequest;
import dev.stratus.extension.api.HttpRoutes;
import dev.stratus.extension.api.LanguageServers;
import dev.stratus.extension.api.Registration;
import dev.stratus.extension.api.RpcServices;
import dev.stratus.extension.api.RpcSession;
import dev.stratus.extension.api.Settings;
import dev.stratus.extension.api.WorkspaceAccess;
import dev.stratus.extension.api.WorkspaceFiles;
import dev.stratus.extension.api.WorkspaceGit;
import dev.stratus.extension.api.WorkspaceSearch;
import dev.stratus.extension.api.WorkspaceTerminals;
import dev.stratus.extension.api.Workspaces;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Small stand-ins for the host's side of the extension API: they record what the extension
 * registers and sends, and answer searches with scripted matches.
 */
final class Fakes {

    private Fakes() {
    }

    static Caller caller(String userId, String workspaceId) {
        return new Caller(userId, userId, Optional.ofNullable(workspaceId));
    }

    static WorkspaceSearch.Match match(String path, int line, int column, String preview) {
        return new WorkspaceSearch.Match(path, line, column, preview.length() - column + 1, preview);
    }

    /** A notification interface whose calls land in {@code sink} (each call's one argument). */
    static <N> N recorder(Class<N> notifications, List<Object> sink) {
        return notifications.cast(Proxy.newProxyInstance(notifications.getClassLoader(), new Class<?>[] {notifications},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> "recorder of " + notifications.getSimpleName();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> {
                        sink.add(args[0]);
                        yield null;
                    }
                }));
    }

    /** Settings whose value is computed per caller; the manifest's default otherwise. */
    static final class FakeSettings implements Settings {
        BiFunction<Caller, String, Object> values = (caller, key) -> TodoTags.DEFAULTS;
        final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public <T> T get(Caller caller, String key, Class<T> type) {
            if (!key.equals(TodoTags.SETTING)) {
                throw new IllegalArgumentException("Not declared: " + key);
            }
            return type.cast(values.apply(caller, key));
        }

        @Override
        public Registration onDidChange(Consumer<Change> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        void fire(Change change) {
            listeners.forEach(l -> l.accept(change));
        }
    }

    /** Answers every query with the matches given, recording the queries. */
    static class FakeSearch implements WorkspaceSearch {
        final List<Query> queries = new CopyOnWriteArrayList<>();
        List<Match> matches = List.of();
        boolean truncated;

        @Override
        public Result text(Query query) {
            queries.add(query);
            return new Result(matches, truncated);
        }
    }

    /** A workspace with search only, as the manifest's permissions are used. */
    record FakeWorkspace(String id, FakeSearch search) implements WorkspaceAccess {
        FakeWorkspace(String id) {
            this(id, new FakeSearch());
        }

        @Override
        public WorkspaceFiles files() {
            throw denied();
        }

        @Override
        public WorkspaceGit git() {
            throw denied();
        }

        @Override
        public WorkspaceTerminals terminals() {
            throw denied();
        }

        private static ExtensionException denied() {
            return new ExtensionException(ExtensionException.Reason.PERMISSION_DENIED, "not in this test");
        }
    }

    /** Records registrations and the notifications broadcast per workspace. */
    static final class FakeRpc implements RpcServices {
        final Map<Class<?>, RpcServiceFactory<?>> services = new HashMap<>();
        final Map<String, List<Object>> broadcasts = new HashMap<>();

        @Override
        public <T> Registration register(Class<T> serviceInterface, RpcServiceFactory<T> factory) {
            services.put(serviceInterface, factory);
            return () -> services.remove(serviceInterface);
        }

        @Override
        public synchronized <N> N broadcast(String workspaceId, Class<N> notificationInterface) {
            return recorder(notificationInterface, broadcasts.computeIfAbsent(workspaceId, w -> new CopyOnWriteArrayList<>()));
        }

        <T> T open(Class<T> serviceInterface, RpcSession session) {
            return serviceInterface.cast(services.get(serviceInterface).create(session));
        }
    }

    /** One connection, recording the notifications sent on it. */
    record FakeSession(Caller caller, WorkspaceAccess workspace, List<Object> sent) implements RpcSession {
        FakeSession(Caller caller, WorkspaceAccess workspace) {
            this(caller, workspace, new CopyOnWriteArrayList<>());
        }

        @Override
        public <N> N notifications(Class<N> notificationInterface) {
            return recorder(notificationInterface, sent);
        }
    }

    record FakeToolCall(Caller caller, WorkspaceAccess workspace, String argumentsJson, Object arguments)
            implements AiToolCall {
        @Override
        public <T> T arguments(Class<T> type) {
            return type.cast(arguments);
        }
    }

    record FakeHttpRequest(Caller caller, Map<String, String> queryParameters, Map<String, WorkspaceAccess> workspaces)
            implements HttpRequest {
        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String path() {
            return TodosRoute.PATH;
        }

        @Override
        public Map<String, String> pathParameters() {
            return Map.of();
        }

        @Override
        public Optional<String> query(String name) {
            return Optional.ofNullable(queryParameters.get(name));
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.empty();
        }

        @Override
        public byte[] body() {
            return new byte[0];
        }

        @Override
        public WorkspaceAccess workspace(String workspaceId) {
            WorkspaceAccess w = workspaces.get(workspaceId);
            if (w == null) {
                throw new ExtensionException(ExtensionException.Reason.NOT_FOUND, "No workspace " + workspaceId);
            }
            return w;
        }
    }

    /** The host's side of one activation. */
    static final class FakeContext implements ExtensionContext {
        final FakeSettings settings = new FakeSettings();
        final FakeRpc rpc = new FakeRpc();
        final Map<String, Commands.CommandHandler> commands = new HashMap<>();
        final Map<String, AiTool> tools = new HashMap<>();
        final Map<String, HttpRoutes.Handler> routes = new HashMap<>();
        final List<AutoCloseable> onDeactivate = new ArrayList<>();

        @Override
        public String extensionId() {
            return "todo-tree";
        }

        @Override
        public String extensionVersion() {
            return "1.0.0";
        }

        @Override
        public Path dataDir() {
            throw new UnsupportedOperationException("todo-tree keeps no files");
        }

        @Override
        public System.Logger logger() {
            return System.getLogger("todo-tree-test");
        }

        @Override
        public Commands commands() {
            return (id, handler) -> {
                commands.put(id, handler);
                return () -> commands.remove(id);
            };
        }

        @Override
        public RpcServices rpc() {
            return rpc;
        }

        @Override
        public AiTools aiTools() {
            return tool -> {
                tools.put(tool.name(), tool);
                return () -> tools.remove(tool.name());
            };
        }

        @Override
        public LanguageServers languageServers() {
            throw new UnsupportedOperationException("todo-tree adds no language server");
        }

        @Override
        public HttpRoutes http() {
            return (method, path, handler) -> {
                routes.put(method + " " + path, handler);
                return () -> routes.remove(method + " " + path);
            };
        }

        @Override
        public Settings settings() {
            return settings;
        }

        @Override
        public Workspaces workspaces() {
            throw new UnsupportedOperationException("todo-tree only uses the caller's workspace");
        }

        @Override
        public Registration onDeactivate(AutoCloseable resource) {
            onDeactivate.add(resource);
            return () -> onDeactivate.remove(resource);
        }
    }
}
