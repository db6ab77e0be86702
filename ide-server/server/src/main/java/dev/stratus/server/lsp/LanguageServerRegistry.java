package dev.stratus.server.lsp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The language servers Stratus knows: the built-in {@code servers.json} overlaid by the install
 * folder's {@code servers.json}, where an entry with the same id replaces the built-in one (how a
 * user registers an installed Eclipse JDT LS). Servers installed from npm live in the install
 * folder too: {@code <data-dir>/language-servers} unless {@code STRATUS_LANGUAGE_SERVERS_DIR}
 * names another (one shared installation for several data folders, or for the tests).
 */
public final class LanguageServerRegistry {
    /** The registry file name, built in and in the install folder. */
    public static final String FILE = "servers.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path installDir;
    private final List<LanguageServerDefinition> servers;

    private LanguageServerRegistry(Path installDir, List<LanguageServerDefinition> servers) {
        this.installDir = installDir;
        this.servers = List.copyOf(servers);
    }

    /** The environment variable that overrides {@link #defaultInstallDir(Path)}. */
    public static final String DIR_ENV = "STRATUS_LANGUAGE_SERVERS_DIR";

    /** {@code STRATUS_LANGUAGE_SERVERS_DIR} if set, else {@code <dataDir>/language-servers}. */
    public static Path defaultInstallDir(Path dataDir) {
        String env = System.getenv(DIR_ENV);
        return env != null && !env.isBlank() ? Path.of(env).toAbsolutePath() : dataDir.resolve("language-servers");
    }

    /** The registry with install folder {@code installDir}; throws IllegalArgumentException for a malformed file. */
    public static LanguageServerRegistry load(Path installDir) {
        Map<String, LanguageServerDefinition> byId = new LinkedHashMap<>();
        try (InputStream in = LanguageServerRegistry.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException("The built-in " + FILE + " is missing from the server jar");
            }
            parse(JSON.readValue(in, RegistryFile.class), "built-in " + FILE, byId);
            Path overlay = installDir.resolve(FILE);
            if (Files.isRegularFile(overlay)) {
                parse(JSON.readValue(overlay.toFile(), RegistryFile.class), overlay.toString(), byId);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the language-server registry: " + e.getMessage(), e);
        }
        return new LanguageServerRegistry(installDir, new ArrayList<>(byId.values()));
    }

    private static void parse(RegistryFile file, String where, Map<String, LanguageServerDefinition> byId) {
        if (file == null || file.servers() == null) {
            throw new IllegalArgumentException(where + ": expected {\"servers\": [...]}");
        }
        Map<String, LanguageServerDefinition> here = new LinkedHashMap<>();
        for (LanguageServerDefinition d : file.servers()) {
            if (here.put(d.id(), d) != null) {
                throw new IllegalArgumentException(where + ": server id " + d.id() + " appears twice");
            }
        }
        byId.putAll(here);
    }

    /** This registry plus {@code more}, skipping ids it has already. */
    LanguageServerRegistry with(List<LanguageServerDefinition> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<LanguageServerDefinition> all = new ArrayList<>(servers);
        for (LanguageServerDefinition d : more) {
            if (all.stream().noneMatch(s -> s.id().equals(d.id()))) {
                all.add(d);
            }
        }
        return new LanguageServerRegistry(installDir, all);
    }

    /** Where npm-installed servers and the user's {@code servers.json} live. */
    public Path installDir() {
        return installDir;
    }

    /** Every registered server, built-in order first, then the overlay's new ones. */
    public List<LanguageServerDefinition> all() {
        return servers;
    }

    public Optional<LanguageServerDefinition> byId(String id) {
        return servers.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * The server for a language: the first registered one that is installed, else the first
     * registered one (so callers can say what to install).
     */
    public Optional<LanguageServerDefinition> forLanguage(String languageId) {
        List<LanguageServerDefinition> candidates = servers.stream().filter(s -> s.languages().contains(languageId)).toList();
        return candidates.stream().filter(this::installed).findFirst().or(() -> candidates.stream().findFirst());
    }

    /** Whether the server's program exists and is executable. */
    public boolean installed(LanguageServerDefinition server) {
        return executable(server).isPresent();
    }

    /** The command line to start {@code server} with its program resolved, or empty when it is not installed. */
    public Optional<List<String>> commandLine(LanguageServerDefinition server) {
        return executable(server).map(exe -> {
            List<String> cmd = new ArrayList<>(server.command());
            cmd.set(0, exe.toString());
            return List.copyOf(cmd);
        });
    }

    private Optional<Path> executable(LanguageServerDefinition server) {
        String program = server.command().get(0);
        if (program.contains("/")) {
            Path p = Path.of(program);
            return runnable(p.isAbsolute() ? p : installDir.resolve(p));
        }
        String pathVar = System.getenv("PATH");
        if (pathVar == null) {
            return Optional.empty();
        }
        for (String dir : pathVar.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Optional<Path> found = runnable(Path.of(dir, program));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> runnable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
    }

    private record RegistryFile(List<LanguageServerDefinition> servers) {
    }
}
