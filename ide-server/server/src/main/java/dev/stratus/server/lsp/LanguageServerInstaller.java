package dev.stratus.server.lsp;

import dev.stratus.protocol.lsp.LanguageServerInfo;
import dev.stratus.protocol.lsp.LanguageServerInstallFailure;
import dev.stratus.protocol.lsp.LanguageServerInstallMethod;
import dev.stratus.protocol.lsp.LanguageServerInstallProgress;
import dev.stratus.protocol.lsp.LanguageServerInstallResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Lists the registered language servers and installs them into one install folder: npm servers
 * with one {@code npm install} for all of them, apt servers with {@code apt-get} when the server
 * may run it, servers installed by hand not at all (their failure carries the registry's
 * instructions). Idempotent: a server whose program exists (and, for npm, whose packages are at
 * their pinned versions) is reported installed without running anything. One installation runs
 * at a time per folder; another waits for it ({@link InstallLock}). Used by the RPC service and
 * by {@code stratus language-servers}.
 */
public final class LanguageServerInstaller {
    private final Path installDir;
    private final LanguageServerInstallConfig config;
    private final NpmInstaller npm;
    private final AptInstaller apt;

    /** An installer for {@code installDir}, running package managers with the allow-listed part of this process's environment. */
    public LanguageServerInstaller(Path installDir, LanguageServerInstallConfig config) {
        this(installDir, config, InstallEnvironment.build(System.getenv()));
    }

    private LanguageServerInstaller(Path installDir, LanguageServerInstallConfig config, Map<String, String> env) {
        this(installDir, config, AptInstaller.forThisProcess(env, config.processTimeout()), env);
    }

    LanguageServerInstaller(Path installDir, LanguageServerInstallConfig config, AptInstaller apt, Map<String, String> env) {
        this.installDir = installDir.toAbsolutePath().normalize();
        this.config = config;
        this.npm = new NpmInstaller(this.installDir, env, config.processTimeout());
        this.apt = apt;
    }

    /** The installer of a data folder's install folder ({@link LanguageServerRegistry#defaultInstallDir}), with the defaults. */
    public static LanguageServerInstaller forDataDir(Path dataDir) {
        return new LanguageServerInstaller(LanguageServerRegistry.defaultInstallDir(dataDir), LanguageServerInstallConfig.defaults());
    }

    /** Where servers are installed and the user's {@code servers.json} lives. */
    public Path installDir() {
        return installDir;
    }

    public LanguageServerInstallConfig config() {
        return config;
    }

    /**
     * Every registered server with whether its program exists.
     *
     * @throws LanguageServerInstallException Unavailable when the registry cannot be read
     */
    public List<LanguageServerInfo> list() {
        LanguageServerRegistry registry = registry();
        return registry.all().stream().map(s -> new LanguageServerInfo(s.id(), s.name(), s.languages(), s.filePatterns(),
                registry.installed(s), method(s), s.isDefault())).toList();
    }

    /**
     * Installs the servers {@code ids} names (null: every default one), reporting steps and
     * output to {@code progress}; servers that cannot be installed are in the result's
     * {@code failed}, with why.
     *
     * @throws LanguageServerInstallException InvalidParams for an unknown id; Unavailable when
     *     the registry cannot be read or another installation holds the folder too long
     */
    public LanguageServerInstallResult install(List<String> ids, Consumer<LanguageServerInstallProgress> progress)
            throws InterruptedException {
        LanguageServerRegistry registry = registry();
        List<LanguageServerDefinition> servers = select(registry, ids);
        if (servers.isEmpty()) {
            return new LanguageServerInstallResult(List.of(), List.of());
        }
        Run run = new Run(registry, progress);
        try (InstallLock lock = InstallLock.acquire(installDir, config.lockTimeout(),
                () -> servers.forEach(s -> run.step(s, "Waiting for another installation into this folder to finish", 0)))) {
            List<LanguageServerDefinition> viaNpm = new ArrayList<>();
            List<LanguageServerDefinition> viaApt = new ArrayList<>();
            for (LanguageServerDefinition s : servers) {
                if (run.installed(s)) {
                    run.step(s, "Already installed", 100);
                } else if (s.install().npm() != null) {
                    viaNpm.add(s);
                } else if (s.install().apt() != null) {
                    viaApt.add(s);
                } else {
                    run.fail(s, s.install().external());
                }
            }
            run.batch(viaNpm, "npm", d -> d.install().npm(), npm::install);
            List<String> aptPackages = packages(viaApt, d -> d.install().apt());
            if (!viaApt.isEmpty() && apt.refusal(aptPackages).isPresent()) {
                viaApt.forEach(s -> run.fail(s, apt.refusal(s.install().apt()).orElseThrow()));
            } else {
                run.batch(viaApt, "apt-get", d -> d.install().apt(), apt::install);
            }
        }
        List<String> installed = servers.stream().map(LanguageServerDefinition::id).filter(id -> !run.failures.containsKey(id)).toList();
        List<LanguageServerInstallFailure> failed = run.failures.entrySet().stream()
                .map(e -> new LanguageServerInstallFailure(e.getKey(), e.getValue())).toList();
        return new LanguageServerInstallResult(installed, failed);
    }

    private LanguageServerRegistry registry() {
        try {
            return LanguageServerRegistry.load(installDir);
        } catch (IllegalArgumentException e) {
            throw LanguageServerInstallException.unavailable("The language-server registry cannot be read: " + e.getMessage());
        }
    }

    private static List<LanguageServerDefinition> select(LanguageServerRegistry registry, List<String> ids) {
        if (ids == null) {
            return registry.all().stream().filter(LanguageServerDefinition::isDefault).toList();
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null) {
                throw LanguageServerInstallException.invalid("ids must not contain null");
            }
            unique.add(id);
        }
        List<LanguageServerDefinition> servers = new ArrayList<>();
        for (String id : unique) {
            servers.add(registry.byId(id).orElseThrow(() -> LanguageServerInstallException.invalid("Unknown language server "
                    + display(id) + "; known: " + String.join(", ", registry.all().stream().map(LanguageServerDefinition::id).toList()))));
        }
        return servers;
    }

    /** A client-supplied id as shown in a message: quoted, without control characters, bounded. */
    private static String display(String id) {
        String s = id.codePoints().limit(64).map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return "\"" + s + (id.length() > 64 ? "…" : "") + "\"";
    }

    private static LanguageServerInstallMethod method(LanguageServerDefinition s) {
        return LanguageServerInstallMethod.valueOf(s.install().method().toUpperCase(Locale.ROOT));
    }

    private static List<String> packages(Collection<LanguageServerDefinition> servers, Function<LanguageServerDefinition, List<String>> of) {
        Set<String> all = new LinkedHashSet<>();
        servers.forEach(s -> all.addAll(of.apply(s)));
        return List.copyOf(all);
    }

    /** Installs packages for several servers with one run of a package manager. */
    @FunctionalInterface
    private interface PackageManager {
        void install(Collection<String> packages, Consumer<String> output) throws PackageInstallException, InterruptedException;
    }

    /** The state of one {@link #install} call. */
    private final class Run {
        final LanguageServerRegistry registry;
        final Consumer<LanguageServerInstallProgress> progress;
        final Map<String, String> failures = new LinkedHashMap<>();

        Run(LanguageServerRegistry registry, Consumer<LanguageServerInstallProgress> progress) {
            this.registry = registry;
            this.progress = progress;
        }

        boolean installed(LanguageServerDefinition s) {
            return registry.installed(s) && (s.install().npm() == null || npm.present(s.install().npm()));
        }

        void step(LanguageServerDefinition s, String message, int percent) {
            progress.accept(new LanguageServerInstallProgress(s.id(), message, percent));
        }

        void fail(LanguageServerDefinition s, String message) {
            failures.put(s.id(), message);
            step(s, "Failed: " + message, 100);
        }

        void batch(List<LanguageServerDefinition> servers, String tool, Function<LanguageServerDefinition, List<String>> of,
                   PackageManager manager) throws InterruptedException {
            if (servers.isEmpty()) {
                return;
            }
            List<String> packages = packages(servers, of);
            servers.forEach(s -> step(s, "Installing with " + tool + ": " + String.join(" ", packages), 0));
            try {
                manager.install(packages, line -> servers.forEach(s -> progress.accept(new LanguageServerInstallProgress(s.id(), line, null))));
            } catch (PackageInstallException e) {
                servers.forEach(s -> fail(s, e.getMessage()));
                return;
            }
            for (LanguageServerDefinition s : servers) {
                if (installed(s)) {
                    step(s, "Installed", 100);
                } else {
                    fail(s, tool + " finished, but " + s.command().get(0) + " is still missing");
                }
            }
        }
    }
}
