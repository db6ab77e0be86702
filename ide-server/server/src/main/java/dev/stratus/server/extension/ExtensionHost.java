package dev.stratus.server.extension;

import dev.stratus.extension.api.Extension;
import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads extensions from the built-in folder and the install folder, activates them on their
 * events, and deactivates them on shutdown or removal, releasing everything they registered.
 * One failing extension (a bad manifest, an API range this server does not satisfy, a class
 * that does not load, an exception while activating or handling a call) is marked failed with
 * the reason; the server and the other extensions go on.
 */
public final class ExtensionHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExtensionHost.class);

    final ExtensionConfig config;
    final CommandRegistry commands = new CommandRegistry();
    final RpcRegistry rpc = new RpcRegistry(this::notificationPrefix);
    final ToolRegistry tools = new ToolRegistry();
    final RouteRegistry routes = new RouteRegistry();
    final MetricsRegistry metrics = new MetricsRegistry();
    final SettingsRegistry settings;
    final LanguageServerContributions languageServers = new LanguageServerContributions();
    final WorkspaceServices workspaces;
    final ExtensionCalls calls;
    final ServerConfigFile configFile;
    private final ExtensionJars jars;
    private final Map<String, HostedExtension> extensions = new LinkedHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Read without the host's lock where an extension's lock is held (the host's is taken before an extension's). */
    private volatile boolean closed;
    private boolean started;
    /** The threads watching the install folder and the configuration file. */
    private final List<Thread> watchers = new ArrayList<>();
    /** Held while extensions are loaded, unloaded or restarted for a new jar or configuration: one change at a time. */
    private final Object lifecycle = new Object();

    public ExtensionHost(ExtensionConfig config, SettingsStore settingsStore, WorkspaceServices workspaces) {
        this.config = config;
        this.settings = new SettingsRegistry(settingsStore);
        this.workspaces = workspaces;
        this.calls = new ExtensionCalls(config.callTimeout());
        this.configFile = new ServerConfigFile(config.configFile());
        this.jars = new ExtensionJars(config);
    }

    /**
     * The built-in extension answering an RPC alias ({@code ai}), unless the administrator
     * turned its aliases off ({@code extensions.disabledAliases} in stratus.yaml).
     */
    public Optional<String> extensionForRpcAlias(String alias) {
        return aliased(alias, ExtensionManifest::rpcAlias);
    }

    /** The built-in extension whose HTTP routes an alias ({@code v1}) mounts at {@code /<alias>/}. */
    public Optional<String> extensionForHttpAlias(String alias) {
        return aliased(alias, ExtensionManifest::httpAlias);
    }

    private Optional<String> aliased(String alias, java.util.function.Function<ExtensionManifest, String> kind) {
        // Asked on every aliased request (each /v1 call): a loop, not a stream pipeline.
        List<String> candidates = new ArrayList<>(1);
        synchronized (this) {
            for (HostedExtension e : extensions.values()) {
                if (e.builtIn && e.manifest() != null && alias.equals(kind.apply(e.manifest()))) {
                    candidates.add(e.id);
                }
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Set<String> disabled = configFile.disabledAliases();
        if (disabled.contains("*")) {
            return Optional.empty();
        }
        for (String id : candidates) {
            if (!disabled.contains(id)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** Where an extension's notifications go on the wire: its RPC alias ({@code ai/}) if active, else {@code ext/<id>/}. */
    String notificationPrefix(String extensionId) {
        return find(extensionId).map(HostedExtension::manifest).map(ExtensionManifest::rpcAlias)
                .filter(a -> extensionForRpcAlias(a).filter(extensionId::equals).isPresent())
                .map(a -> a + "/").orElse("ext/" + extensionId + "/");
    }

    /**
     * Loads every extension, then activates those waiting for {@code onStartup}, and those waiting
     * for {@code onWorkspaceOpened} when a workspace was opened before they were loaded (a tab
     * that connected as the server started: its own activation found none of them yet).
     */
    public void start() {
        try {
            Files.createDirectories(config.installDir());
        } catch (IOException e) {
            LOG.warn("Cannot create the extension folder {}: {}", config.installDir(), e.getMessage());
        }
        rescan();
        synchronized (this) {
            started = true;
        }
        activate("onStartup");
        if (rpc.hasConnections()) {
            activate("onWorkspaceOpened");
        }
        keepWatcher(InstallFolderWatcher.start(config.installDir(), this::rescan));
        keepWatcher(ConfigFileWatcher.start(configFile, this::reconfigure));
    }

    private synchronized void keepWatcher(Thread t) {
        if (t == null) {
            return;
        }
        if (closed) {
            t.interrupt();
        } else {
            watchers.add(t);
        }
    }

    /**
     * Applies a new version of stratus.yaml ({@code root}, null when there is none): each active
     * (or failed) extension whose section now differs from the one it runs with is offered the new
     * one ({@link Extension#reconfigure}, active ones only) and, unless it takes it there,
     * deactivated and activated again with it, as when its jar is replaced. Extensions whose
     * section is the same, inactive ones (they read the file when they activate) and those that
     * name no section are left alone.
     */
    void reconfigure(com.fasterxml.jackson.databind.JsonNode root) {
        configFile.readWell(root);
        synchronized (lifecycle) {
            for (HostedExtension e : hosted()) {
                String name = e.manifest() == null ? null : e.manifest().configuration();
                if (name == null) {
                    continue;
                }
                ServerConfigFile.Section now = ServerConfigFile.Section.of(root, name);
                synchronized (e) {
                    if (closed || e.section == null || e.section.equals(now) || e.state == HostedExtension.State.INACTIVE) {
                        continue;
                    }
                    if (e.state == HostedExtension.State.ACTIVE && tookLive(e, now)) {
                        e.section = now;
                        LOG.info("Extension {}: took the changed section {} of {} as it runs", e.id, name,
                                configFile.path().getFileName());
                        changed(); // what its views show may depend on it
                        continue;
                    }
                    LOG.info("Extension {}: its section {} of {} changed; activating it again", e.id, name,
                            configFile.path().getFileName());
                    deactivate(e);
                    if (e.state == HostedExtension.State.FAILED) {
                        e.state = HostedExtension.State.INACTIVE;
                        e.failure = null;
                    }
                    activate(e, now);
                }
            }
        }
    }

    /** Whether the running {@code e} took {@code now} itself; a failure to is logged. Caller holds {@code e}'s lock. */
    private boolean tookLive(HostedExtension e, ServerConfigFile.Section now) {
        Extension instance = e.instance;
        try {
            return Boolean.TRUE.equals(calls.call(e, "reconfiguring", () -> instance.reconfigure(now.json())));
        } catch (Exception x) {
            LOG.warn("Extension {} failed to take its changed section: {}", e.id,
                    ExtensionCalls.describe(x));
            return false;
        }
    }

    /**
     * Brings the host in line with the install folder: loads added jars, deactivates and drops
     * removed ones, reloads replaced ones. Built-in extensions are loaded once.
     */
    public void rescan() {
        synchronized (lifecycle) {
            rescanFolders();
        }
    }

    private void rescanFolders() {
        Map<String, Path> found = new LinkedHashMap<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            if (extensions.values().stream().noneMatch(e -> e.builtIn) && config.builtInDir() != null) {
                for (Path jar : ExtensionJars.in(config.builtInDir())) {
                    load(jar, true);
                }
            }
            for (Path jar : ExtensionJars.in(config.installDir())) {
                found.put(jar.getFileName().toString(), jar);
            }
            for (HostedExtension e : List.copyOf(extensions.values())) {
                if (e.builtIn) {
                    continue;
                }
                Path jar = found.remove(e.source.getFileName().toString());
                if (jar == null || ExtensionJars.changed(e, jar)) {
                    unload(e, jar == null);
                    if (jar != null) {
                        found.put(jar.getFileName().toString(), jar);
                    }
                }
            }
            for (Path jar : found.values()) {
                load(jar, false);
            }
        }
        changed();
        boolean running;
        synchronized (this) {
            running = started;
        }
        if (running) {
            activate("onStartup"); // an extension installed while the server runs starts as it would have at startup
        }
    }

    private void load(Path jar, boolean builtIn) {
        HostedExtension e = jars.open(jar, builtIn, extensions::get);
        if (extensions.putIfAbsent(e.id, e) == null && e.state == HostedExtension.State.INACTIVE) {
            settings.declare(e.manifest());
        }
    }

    private void unload(HostedExtension e, boolean removed) {
        deactivate(e);
        extensions.remove(e.id);
        if (e.manifest() != null) {
            settings.undeclare(e.manifest());
        }
        jars.discard(e, removed);
    }

    /** Activates every inactive extension waiting for {@code event}; returns their ids. */
    public List<String> activate(String event) {
        List<HostedExtension> due;
        synchronized (this) {
            due = extensions.values().stream().filter(e -> e.state == HostedExtension.State.INACTIVE
                    && e.manifest().activatesOn(event)).toList();
        }
        List<String> activated = new ArrayList<>();
        for (HostedExtension e : due) {
            if (activate(e)) {
                activated.add(e.id);
            }
        }
        return activated;
    }

    /** The extension, active: activated now if it was inactive; Unavailable if it failed or is unknown. */
    HostedExtension active(String id) {
        HostedExtension e;
        synchronized (this) {
            e = extensions.get(id);
        }
        if (e == null) {
            throw new ProtocolException(ProtocolError.NOT_FOUND, "No extension " + id);
        }
        activate(e);
        synchronized (e) {
            if (e.state != HostedExtension.State.ACTIVE) {
                // The reason stays in the server log and the administrators' extension list: it may name
                // server paths (a data file that cannot be opened), which are not for every API client.
                throw new ProtocolException(ProtocolError.UNAVAILABLE, "Extension " + id
                        + " is not running: it failed; the server log says why");
            }
        }
        return e;
    }

    /** Activates {@code e} if it is inactive; true when this call did. */
    private boolean activate(HostedExtension e) {
        return activate(e, null);
    }

    /**
     * Activates {@code e} if it is inactive, with {@code section} as its configuration (null: its
     * section as the file reads now); true when this call did.
     */
    private boolean activate(HostedExtension e, ServerConfigFile.Section section) {
        synchronized (e) {
            if (e.state != HostedExtension.State.INACTIVE) {
                return false;
            }
            ExtensionManifest m = e.manifest();
            String name = m.configuration();
            e.section = name == null ? null : section != null ? section : configFile.currentSection(name);
            ExtensionClassLoader loader = new ExtensionClassLoader(e.id, e.jar.classPath(), Extension.class.getClassLoader());
            e.loader = loader;
            HostContext context = new HostContext(this, e);
            try {
                Path data = Files.createDirectories(config.hostDir().resolve("data").resolve(e.id));
                context.dataDir = data;
                e.context = context;
                calls.call(e, "activating", () -> {
                    Class<?> main = Class.forName(m.main(), true, loader);
                    if (!Extension.class.isAssignableFrom(main)) {
                        throw new IllegalStateException(m.main() + " does not implement " + Extension.class.getName());
                    }
                    Extension instance = (Extension) main.getConstructor().newInstance();
                    e.instance = instance;
                    instance.activate(context);
                    return null;
                });
                e.state = HostedExtension.State.ACTIVE;
                LOG.info("Extension {} activated", e.id);
            } catch (Exception | LinkageError x) {
                fail(e, "activating", x);
                return false;
            }
        }
        changed();
        return true;
    }

    /**
     * Marks {@code e} failed after an unexpected exception and releases what it registered. Its
     * calls answer Unavailable until the server restarts, the jar is replaced or its configuration
     * section is edited.
     */
    void fail(HostedExtension e, String what, Throwable cause) {
        Throwable t = cause instanceof ExtensionCalls.ExtensionFault f ? f.getCause() : cause;
        String reason = "Failed while " + what + ": " + ExtensionCalls.describe(t);
        synchronized (e) {
            if (e.state == HostedExtension.State.FAILED) {
                return;
            }
            LOG.warn("Extension {} {}", e.id, reason, t);
            release(e);
            e.state = HostedExtension.State.FAILED;
            e.failure = reason;
        }
        changed();
    }

    private void deactivate(HostedExtension e) {
        synchronized (e) {
            if (e.state != HostedExtension.State.ACTIVE) {
                return;
            }
            try {
                Extension instance = e.instance;
                calls.call(e, "deactivating", () -> {
                    instance.deactivate();
                    return null;
                });
            } catch (Exception x) {
                LOG.warn("Extension {} failed while deactivating: {}", e.id, ExtensionCalls.describe(x));
            }
            release(e);
            e.state = HostedExtension.State.INACTIVE;
            LOG.info("Extension {} deactivated", e.id);
        }
    }

    /** Releases registrations, the instance and the class loader. Caller holds {@code e}'s lock. */
    private void release(HostedExtension e) {
        if (e.context != null) {
            e.context.closeAll();
            e.context = null;
        }
        e.instance = null;
        if (e.loader != null) {
            try {
                e.loader.close();
            } catch (IOException x) {
                LOG.debug("Closing the class loader of {}", e.id, x);
            }
            e.loader = null;
        }
    }

    /**
     * Calls into an active extension within the time limit. An {@code ExtensionException} is the
     * matching protocol error; anything else marks the extension failed, and the caller gets an
     * internal error (logged with the extension's id).
     */
    <T> T invoke(HostedExtension e, String what, java.util.concurrent.Callable<T> call) {
        try {
            return calls.call(e, what, call);
        } catch (ExtensionCalls.ExtensionFault fault) {
            fail(e, what, fault);
            throw new IllegalStateException("Extension " + e.id + " failed while " + what, fault.getCause());
        }
    }

    /** Every extension, sorted by id. */
    public synchronized List<ExtensionSnapshot> list() {
        return extensions.values().stream().sorted(Comparator.comparing(e -> e.id)).map(ExtensionSnapshot::of).toList();
    }

    synchronized List<HostedExtension> hosted() {
        return List.copyOf(extensions.values());
    }

    synchronized Optional<HostedExtension> find(String id) {
        return Optional.ofNullable(extensions.get(id));
    }

    /** The AI tools of active extensions. */
    public ToolRegistry tools() {
        return tools;
    }

    /** Language servers extensions added (for the language-server registry). */
    public List<dev.stratus.extension.api.LanguageServerDefinition> languageServers() {
        return languageServers.list();
    }

    /**
     * The meters of every extension that contributed some (see {@link MetricsRegistry}), each
     * scraped on the extension's own thread within its call time limit.
     */
    public String scrapeMetrics() {
        return metrics.scrape(this::find, calls);
    }

    /** Called after any extension is added, removed, activated, deactivated or failed. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    void changed() {
        for (Runnable r : listeners) {
            try {
                r.run();
            } catch (RuntimeException x) {
                LOG.warn("An extension change listener failed", x);
            }
        }
        rpc.forEachConnection(ExtensionConnection::extensionsChanged);
    }

    /**
     * Runs an AI tool for a user in a workspace: the tool's extension activated if needed, the
     * call bounded like every call. The result is the text for the model.
     *
     * @throws ProtocolException NotFound for an unknown tool or workspace, Unavailable for a failed
     *     extension or a call past the time limit, or the reason of the tool's {@code ExtensionException}
     */
    public String callTool(String name, String userId, String userName, String workspaceId, String argumentsJson) {
        ToolRegistry.RegisteredTool tool = tools.get(name).orElseThrow(() ->
                new ProtocolException(ProtocolError.NOT_FOUND, "No tool " + name));
        HostedExtension e = active(tool.extensionId());
        var caller = new dev.stratus.extension.api.Caller(userId, userName, Optional.of(workspaceId));
        var call = new HostToolCall(caller, HostWorkspaceAccess.open(workspaces, e.manifest().permissions(), caller, workspaceId),
                argumentsJson);
        return invoke(e, "running the tool " + name, () -> tool.tool().handler().call(call));
    }

    @Override
    public void close() {
        List<HostedExtension> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(extensions.values());
            watchers.forEach(Thread::interrupt);
        }
        for (HostedExtension e : all) {
            deactivate(e);
        }
        calls.close();
    }
}
