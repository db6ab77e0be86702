package dev.stratus.server.extension;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonParser;
import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.CommandInvocation;
import dev.stratus.extension.api.RpcSession;
import dev.stratus.extension.api.WorkspaceAccess;
import dev.stratus.protocol.Empty;
import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;
import dev.stratus.protocol.extension.ActivateParams;
import dev.stratus.protocol.extension.ActivateResult;
import dev.stratus.protocol.extension.CommandInfo;
import dev.stratus.protocol.extension.CommandService;
import dev.stratus.protocol.extension.ContributionsResult;
import dev.stratus.protocol.extension.ExecuteCommandParams;
import dev.stratus.protocol.extension.ExecuteCommandResult;
import dev.stratus.protocol.extension.ExtensionClient;
import dev.stratus.protocol.extension.ExtensionInfo;
import dev.stratus.protocol.extension.ExtensionListResult;
import dev.stratus.protocol.extension.ExtensionService;
import dev.stratus.protocol.extension.FrontendInfo;
import dev.stratus.protocol.extension.SettingInfo;
import dev.stratus.protocol.extension.SettingsChange;
import dev.stratus.protocol.extension.SettingsClient;
import dev.stratus.protocol.extension.SettingsListResult;
import dev.stratus.protocol.extension.SettingsService;
import dev.stratus.protocol.extension.ToolInfo;
import dev.stratus.protocol.extension.UpdateSettingParams;
import dev.stratus.server.auth.Principal;
import dev.stratus.server.rpc.DynamicMethods;
import dev.stratus.server.workspace.Workspace;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The extension host on one workspace connection: {@code extensions/*}, {@code commands/*},
 * {@code settings/*}, and extensions' own {@code ext/<id>/<method>} calls, with one instance of
 * each extension RPC service per connection.
 */
public final class ExtensionConnection implements ExtensionService, CommandService, SettingsService, DynamicMethods,
        AutoCloseable {
    private static final Pattern EXT_METHOD = Pattern.compile("ext/([a-z0-9][a-z0-9-]*)/([A-Za-z_$][A-Za-z0-9_$]*)");
    private static final Pattern EVENT = Pattern.compile("onWorkspaceOpened|onLanguage:[A-Za-z0-9_.+-]+|onCommand:\\S+");
    /** What a user who is not an administrator is told of any extension's failure. */
    static final String FAILURE_FOR_USERS = "The extension failed; an administrator can see why";

    private final ExtensionHost host;
    private final Workspace workspace;
    private final Caller caller;
    private final boolean admin;
    private final ExtensionClient extensionClient;
    private final SettingsClient settingsClient;
    private final ExecutorService executor;
    private final Map<RpcRegistry.Service, Object> instances = new ConcurrentHashMap<>();
    private final Runnable settingsListener;
    private volatile BiConsumer<String, Object> notifier = (m, p) -> { };

    public ExtensionConnection(ExtensionHost host, Workspace workspace, Principal user, Object client, ExecutorService executor) {
        String userId = user.userId();
        this.host = host;
        this.workspace = workspace;
        this.caller = new Caller(userId, user.name(), Optional.of(workspace.id()));
        this.admin = user.admin();
        this.extensionClient = (ExtensionClient) client;
        this.settingsClient = (SettingsClient) client;
        this.executor = executor;
        this.settingsListener = host.settings.listen(null, change -> {
            if (userId.equals(change.userId()) || workspace.id().equals(change.workspaceId())) {
                settingsClient.settingsChanged(new SettingsChange(List.copyOf(change.keys())));
            }
        });
        host.rpc.add(this);
        executor.execute(() -> host.activate("onWorkspaceOpened"));
    }

    String workspaceId() {
        return workspace.id();
    }

    void extensionsChanged() {
        extensionClient.extensionsChanged(new Empty());
    }

    void notify(String method, Object params) {
        notifier.accept(method, params);
    }

    /**
     * Every extension; why one failed is for administrators only. The reason may quote a server
     * path (a jar's location, the message of an exception thrown while activating), and its
     * callers are already told no more than that it failed.
     */
    @Override
    public CompletableFuture<ExtensionListResult> list(Empty params) {
        return CompletableFuture.supplyAsync(() -> new ExtensionListResult(host.list().stream().map(s -> new ExtensionInfo(
                s.id(), s.name(), s.version(), s.description(), s.api(), s.builtIn(), s.state(),
                s.failure() == null || admin ? s.failure() : FAILURE_FOR_USERS, s.permissions(),
                s.activationEvents())).toList()), executor);
    }

    @Override
    public CompletableFuture<ContributionsResult> contributions(Empty params) {
        return CompletableFuture.supplyAsync(() -> {
            List<CommandInfo> commands = new ArrayList<>();
            List<FrontendInfo> frontends = new ArrayList<>();
            for (HostedExtension e : host.hosted()) {
                ExtensionManifest m = e.manifest();
                synchronized (e) {
                    if (m == null || e.state == HostedExtension.State.FAILED) {
                        continue;
                    }
                }
                m.commands().forEach(c -> commands.add(new CommandInfo(c.id(), c.title(), c.category(), c.keybinding(), m.id())));
                if (m.frontend() != null) {
                    frontends.add(new FrontendInfo(m.id(), "/api/extensions/" + m.id() + "/" + m.frontend()));
                }
            }
            commands.sort(java.util.Comparator.comparing(CommandInfo::id));
            frontends.sort(java.util.Comparator.comparing(FrontendInfo::extensionId));
            List<ToolInfo> tools = host.tools.list().stream().map(t -> new ToolInfo(t.tool().name(), t.tool().description(),
                    JsonParser.parseString(t.tool().parametersSchema()), t.tool().requiresApproval(), t.extensionId())).toList();
            return new ContributionsResult(commands, settings(), frontends, tools);
        }, executor);
    }

    @Override
    public CompletableFuture<ActivateResult> activate(ActivateParams params) {
        if (params == null || params.event() == null || !EVENT.matcher(params.event()).matches()) {
            throw new ProtocolException(ProtocolError.INVALID_PARAMS, "event must be onWorkspaceOpened, onLanguage:<id> or onCommand:<id>");
        }
        return CompletableFuture.supplyAsync(() -> new ActivateResult(host.activate(params.event())), executor);
    }

    @Override
    public CompletableFuture<ExecuteCommandResult> execute(ExecuteCommandParams params) {
        if (params == null || params.command() == null || params.command().isBlank()) {
            throw new ProtocolException(ProtocolError.INVALID_PARAMS, "command is required");
        }
        String id = params.command();
        List<Object> args = new ArrayList<>();
        if (params.arguments() != null) {
            for (JsonElement a : params.arguments()) {
                args.add(JsonBridge.MAPPER.convertValue(JsonBridge.toJackson(a), Object.class));
            }
        }
        return CompletableFuture.supplyAsync(() -> {
            HostedExtension owner = host.hosted().stream()
                    .filter(e -> e.manifest() != null && e.manifest().commands().stream().anyMatch(c -> c.id().equals(id)))
                    .findFirst()
                    .orElseGet(() -> host.commands.handler(id).map(CommandRegistry.Entry::owner).orElse(null));
            if (owner == null) {
                throw new ProtocolException(ProtocolError.NOT_FOUND, "No command " + id);
            }
            host.activate("onCommand:" + id);
            HostedExtension ext = host.active(owner.id);
            var entry = host.commands.handler(id).orElseThrow(() ->
                    new ProtocolException(ProtocolError.NOT_FOUND, "Extension " + owner.id + " has no handler for " + id));
            WorkspaceAccess access = HostWorkspaceAccess.open(host.workspaces, ext.manifest().permissions(), caller, workspace.id());
            Object result = host.invoke(ext, "running " + id, () ->
                    entry.handler().run(new CommandInvocation(id, caller, List.copyOf(args), Optional.of(access))));
            return new ExecuteCommandResult(JsonBridge.toGson(result));
        }, executor);
    }

    @Override
    public CompletableFuture<SettingsListResult> listSettings(Empty params) {
        return CompletableFuture.supplyAsync(() -> new SettingsListResult(settings()), executor);
    }

    private List<SettingInfo> settings() {
        return host.settings.list(caller.userId(), workspace.id()).stream().map(r -> {
            var schema = r.setting().schema();
            List<JsonElement> enums = schema.has("enum")
                    ? JsonParser.parseString(schema.get("enum").toString()).getAsJsonArray().asList() : null;
            return new SettingInfo(r.setting().key(), r.setting().extensionId(), schema.path("type").asText(),
                    JsonBridge.toGson(schema.get("default")), schema.has("description") ? schema.get("description").asText() : null,
                    enums, schema.has("items") ? JsonBridge.toGson(schema.get("items")) : null, JsonBridge.toGson(r.effective()),
                    r.userValue() == null ? null : JsonBridge.toGson(r.userValue()),
                    r.workspaceValue() == null ? null : JsonBridge.toGson(r.workspaceValue()));
        }).toList();
    }

    @Override
    public CompletableFuture<Empty> update(UpdateSettingParams params) {
        if (params == null || params.key() == null || params.scope() == null) {
            throw new ProtocolException(ProtocolError.INVALID_PARAMS, "key and scope are required");
        }
        SettingsStore.Scope scope = switch (params.scope()) {
            case "user" -> SettingsStore.Scope.USER;
            case "workspace" -> SettingsStore.Scope.WORKSPACE;
            default -> throw new ProtocolException(ProtocolError.INVALID_PARAMS, "scope is user or workspace");
        };
        String owner = scope == SettingsStore.Scope.USER ? caller.userId() : workspace.id();
        JsonElement value = params.value() == null ? JsonNull.INSTANCE : params.value();
        return CompletableFuture.supplyAsync(() -> {
            host.settings.update(params.key(), scope, owner, value.isJsonNull() ? null : JsonBridge.toJackson(value));
            return new Empty();
        }, executor);
    }

    // ext/<extension-id>/<method>

    @Override
    public boolean handles(String method) {
        if (method.startsWith("ext/")) {
            return true;
        }
        int slash = method.indexOf('/');
        return slash > 0 && host.extensionForRpcAlias(method.substring(0, slash)).isPresent();
    }

    @Override
    public void connect(BiConsumer<String, Object> notifier) {
        this.notifier = notifier;
    }

    @Override
    public CompletableFuture<Object> request(String method, JsonElement params) {
        String extensionId;
        String name;
        var m = EXT_METHOD.matcher(method);
        if (m.matches()) {
            extensionId = m.group(1);
            name = m.group(2);
        } else {
            int slash = method.indexOf('/');
            Optional<String> aliased = slash > 0 ? host.extensionForRpcAlias(method.substring(0, slash)) : Optional.empty();
            name = slash > 0 ? method.substring(slash + 1) : "";
            if (aliased.isEmpty() || !name.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
                return CompletableFuture.failedFuture(unknown(method));
            }
            extensionId = aliased.get();
        }
        return CompletableFuture.supplyAsync(() -> {
            if (host.find(extensionId).isEmpty()) {
                throw unknown(method);
            }
            HostedExtension ext = host.active(extensionId);
            RpcRegistry.Service service = host.rpc.find(extensionId, name).orElseThrow(() -> unknown(method));
            Method target = service.methods.get(name);
            Object[] args = target.getParameterCount() == 0 ? new Object[0]
                    : new Object[] {JsonBridge.bind(params, target.getGenericParameterTypes()[0])};
            Object result = host.invoke(ext, method, () -> {
                Object instance = instanceOf(service, ext);
                Object r;
                try {
                    r = target.invoke(instance, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception x ? x : new RuntimeException(e.getCause());
                }
                return r instanceof CompletionStage<?> stage ? stage.toCompletableFuture().get() : r;
            });
            return JsonBridge.toGson(result);
        }, executor);
    }

    private static org.eclipse.lsp4j.jsonrpc.ResponseErrorException unknown(String method) {
        return new org.eclipse.lsp4j.jsonrpc.ResponseErrorException(
                new org.eclipse.lsp4j.jsonrpc.messages.ResponseError(-32601, "Unknown method " + method, null));
    }

    private Object instanceOf(RpcRegistry.Service service, HostedExtension ext) {
        return instances.computeIfAbsent(service, s -> {
            Object created = ((dev.stratus.extension.api.RpcServices.RpcServiceFactory<?>) s.factory).create(session(ext));
            if (created == null || !s.type.isInstance(created)) {
                throw new IllegalStateException("The factory of " + s.type.getName() + " returned " + created);
            }
            return created;
        });
    }

    private RpcSession session(HostedExtension ext) {
        WorkspaceAccess access = HostWorkspaceAccess.open(host.workspaces, ext.manifest().permissions(), caller, workspace.id());
        return new RpcSession() {
            @Override
            public Caller caller() {
                return caller;
            }

            @Override
            public WorkspaceAccess workspace() {
                return access;
            }

            @Override
            public <N> N notifications(Class<N> type) {
                return host.rpc.proxy(ext.id, type, ExtensionConnection.this::notify);
            }
        };
    }

    @Override
    public void notification(String method, JsonElement params) {
        // Extensions take requests only; a notification from the client has nothing to go to.
    }

    /** Drops (and closes) this connection's instance of a service being unregistered. */
    void dropInstance(RpcRegistry.Service service) {
        closeQuietly(instances.remove(service));
    }

    private static void closeQuietly(Object instance) {
        if (instance instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(ExtensionConnection.class).warn("Closing an extension RPC service failed", e);
            }
        }
    }

    @Override
    public void close() {
        host.rpc.remove(this);
        settingsListener.run();
        instances.values().forEach(ExtensionConnection::closeQuietly);
        instances.clear();
    }
}
