package dev.stratus.server.extension;

import dev.stratus.extension.api.AiTools;
import dev.stratus.extension.api.Caller;
import dev.stratus.extension.api.Commands;
import dev.stratus.extension.api.ExtensionContext;
import dev.stratus.extension.api.HttpRoutes;
import dev.stratus.extension.api.LanguageServers;
import dev.stratus.extension.api.Registration;
import dev.stratus.extension.api.RpcServices;
import dev.stratus.extension.api.Settings;
import dev.stratus.extension.api.Workspaces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One active extension's view of the host. Every registration made through it is tracked, and
 * closed when the extension is deactivated (or fails); a registration made after that is refused.
 */
final class HostContext implements ExtensionContext {
    private static final Logger LOG = LoggerFactory.getLogger(HostContext.class);

    private final ExtensionHost host;
    private final HostedExtension ext;
    private final List<Registration> registrations = new ArrayList<>();
    private final System.Logger logger;
    private boolean closed;
    Path dataDir;

    HostContext(ExtensionHost host, HostedExtension ext) {
        this.host = host;
        this.ext = ext;
        this.logger = System.getLogger("extension." + ext.id);
    }

    /** Tracks an unregistration; the returned registration runs it at most once. */
    private Registration track(Runnable unregister) {
        AtomicBoolean done = new AtomicBoolean();
        Registration r = () -> {
            if (done.compareAndSet(false, true)) {
                unregister.run();
            }
        };
        synchronized (registrations) {
            if (closed) {
                r.close();
                throw new IllegalStateException("Extension " + ext.id + " is no longer active");
            }
            registrations.add(r);
        }
        return r;
    }

    void closeAll() {
        List<Registration> all;
        synchronized (registrations) {
            closed = true;
            all = new ArrayList<>(registrations);
            registrations.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (RuntimeException e) {
                LOG.warn("Releasing a registration of extension {} failed", ext.id, e);
            }
        }
    }

    @Override
    public String extensionId() {
        return ext.id;
    }

    @Override
    public String extensionVersion() {
        return ext.manifest().version();
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    /** The section as it read when this activation began: an edit of it activates the extension again. */
    @Override
    public java.util.Optional<String> configuration() {
        ServerConfigFile.Section section = ext.section;
        return section == null ? java.util.Optional.empty() : section.json();
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public Registration metrics(dev.stratus.extension.api.MetricsSource source) {
        java.util.Objects.requireNonNull(source, "source");
        return track(host.metrics.register(ext.id, source));
    }

    @Override
    public Commands commands() {
        return (id, handler) -> track(host.commands.register(ext, id, handler));
    }

    @Override
    public RpcServices rpc() {
        return new RpcServices() {
            @Override
            public <T> Registration register(Class<T> type, RpcServiceFactory<T> factory) {
                return track(host.rpc.register(ext, type, factory));
            }

            @Override
            public <N> N broadcast(String workspaceId, Class<N> type) {
                return host.rpc.broadcast(ext.id, workspaceId, type);
            }
        };
    }

    @Override
    public AiTools aiTools() {
        return new AiTools() {
            @Override
            public Registration register(dev.stratus.extension.api.AiTool tool) {
                return track(host.tools.register(ext.id, tool));
            }

            @Override
            public java.util.List<Descriptor> list() {
                return host.tools.list().stream().map(t -> new Descriptor(t.tool().name(), t.tool().description(),
                        t.tool().parametersSchema(), t.tool().requiresApproval(), t.extensionId())).toList();
            }

            @Override
            public String call(Caller caller, String name, String argumentsJson) {
                String workspaceId = caller.workspaceId().orElseThrow(() -> new dev.stratus.extension.api.ExtensionException(
                        dev.stratus.extension.api.ExtensionException.Reason.INVALID_PARAMS, "A tool runs in a workspace"));
                try {
                    return host.callTool(name, caller.userId(), caller.userName(), workspaceId, argumentsJson);
                } catch (dev.stratus.protocol.ProtocolException e) {
                    throw new dev.stratus.extension.api.ExtensionException(reason(e.reason()), e.getMessage());
                } catch (IllegalStateException e) {
                    // The tool's extension threw something unexpected (the host logged it and marked it failed): the
                    // caller, say a model's agent loop, gets an error it can go on from, not the other extension's fault.
                    throw new dev.stratus.extension.api.ExtensionException(dev.stratus.extension.api.ExtensionException.Reason.UNAVAILABLE,
                            "The tool " + name + " failed; the server log says why");
                }
            }
        };
    }

    private static dev.stratus.extension.api.ExtensionException.Reason reason(dev.stratus.protocol.ProtocolError e) {
        return switch (e) {
            case NOT_FOUND -> dev.stratus.extension.api.ExtensionException.Reason.NOT_FOUND;
            case ALREADY_EXISTS -> dev.stratus.extension.api.ExtensionException.Reason.ALREADY_EXISTS;
            case CONFLICT -> dev.stratus.extension.api.ExtensionException.Reason.CONFLICT;
            case PERMISSION_DENIED -> dev.stratus.extension.api.ExtensionException.Reason.PERMISSION_DENIED;
            case INVALID_PARAMS, OUTSIDE_WORKSPACE, TOO_LARGE, NOT_A_DIRECTORY, IS_A_DIRECTORY ->
                    dev.stratus.extension.api.ExtensionException.Reason.INVALID_PARAMS;
            case UNAVAILABLE, RATE_LIMITED, CANCELLED -> dev.stratus.extension.api.ExtensionException.Reason.UNAVAILABLE;
        };
    }

    @Override
    public LanguageServers languageServers() {
        return server -> track(host.languageServers.register(ext.id, server));
    }

    @Override
    public HttpRoutes http() {
        return (method, path, handler) -> track(host.routes.register(ext, method, path, handler));
    }

    @Override
    public Settings settings() {
        return new Settings() {
            @Override
            public <T> T get(Caller caller, String key, Class<T> type) {
                if (!key.startsWith(ext.id + ".")) {
                    throw new IllegalArgumentException("Extension " + ext.id + " can read only its own settings: " + key);
                }
                return host.settings.value(caller.userId(), caller.workspaceId().orElse(null), key, type);
            }

            @Override
            public Registration onDidChange(java.util.function.Consumer<Change> listener) {
                return track(host.settings.listen(ext.id, listener));
            }
        };
    }

    @Override
    public Workspaces workspaces() {
        return (caller, workspaceId) -> HostWorkspaceAccess.open(host.workspaces, ext.manifest().permissions(), caller, workspaceId);
    }

    @Override
    public Registration onDeactivate(AutoCloseable resource) {
        return track(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing a resource of extension {} failed", ext.id, e);
            }
        });
    }
}
