package dev.stratus.server.extension;

import dev.stratus.extension.api.ExtensionApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code stratus extensions install|remove|list} on the install folder. A running server watches
 * that folder, so it loads, replaces and unloads what this changes without a restart. A jar is
 * checked before it is installed (a readable manifest, an API range this server satisfies, an id
 * no built-in extension has), and written under a temporary name then renamed, so a server never
 * sees half a jar.
 */
public final class ExtensionInstaller {
    private final Path builtInDir;
    private final Path installDir;

    public ExtensionInstaller(Path builtInDir, Path installDir) {
        this.builtInDir = builtInDir;
        this.installDir = installDir;
    }

    /** One jar as found on disk. */
    public record Entry(String id, String version, String api, boolean builtIn, Path jar, String problem) {
    }

    /** Built-in then installed jars, each with what is wrong with it (null when nothing). */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        for (boolean builtIn : new boolean[] {true, false}) {
            for (Path jar : jars(builtIn ? builtInDir : installDir)) {
                try {
                    ExtensionManifest m = ExtensionJar.readManifest(jar);
                    String problem = m.supportsApi(ExtensionApi.VERSION) ? null
                            : "needs extension API " + m.api() + "; this server has " + ExtensionApi.VERSION;
                    out.add(new Entry(m.id(), m.version(), m.api(), builtIn, jar, problem));
                } catch (InvalidExtensionException e) {
                    out.add(new Entry(stem(jar), "", "", builtIn, jar, e.getMessage()));
                }
            }
        }
        return out;
    }

    /** Installs (or replaces) an extension jar; returns its manifest. */
    public ExtensionManifest install(Path jar) throws InvalidExtensionException, IOException {
        if (!Files.isRegularFile(jar)) {
            throw new InvalidExtensionException("No such file: " + jar);
        }
        ExtensionManifest m = ExtensionJar.readManifest(jar);
        if (!m.supportsApi(ExtensionApi.VERSION)) {
            throw new InvalidExtensionException(m.id() + " " + m.version() + " needs extension API " + m.api()
                    + "; this server has " + ExtensionApi.VERSION);
        }
        if (list().stream().anyMatch(e -> e.builtIn && e.id.equals(m.id()))) {
            throw new InvalidExtensionException("A built-in extension has the id " + m.id());
        }
        Files.createDirectories(installDir);
        Path target = installDir.resolve(m.id() + ".jar");
        Path tmp = installDir.resolve("." + m.id() + ".jar." + ProcessHandle.current().pid() + ".tmp");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // The same extension under another file name would load twice: keep only the new one.
        for (Entry e : list()) {
            if (!e.builtIn && e.id.equals(m.id()) && !e.jar.equals(target)) {
                Files.deleteIfExists(e.jar);
            }
        }
        return m;
    }

    /** Removes an installed extension; empty when there is none with that id. */
    public Optional<Entry> remove(String id) throws InvalidExtensionException, IOException {
        Optional<Entry> builtIn = list().stream().filter(e -> e.builtIn && e.id.equals(id)).findFirst();
        List<Entry> installed = list().stream().filter(e -> !e.builtIn && e.id.equals(id)).toList();
        if (installed.isEmpty() && builtIn.isPresent()) {
            throw new InvalidExtensionException(id + " is built in and cannot be removed");
        }
        for (Entry e : installed) {
            Files.deleteIfExists(e.jar);
        }
        return installed.stream().findFirst();
    }

    private static List<Path> jars(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String stem(Path jar) {
        String n = jar.getFileName().toString();
        return n.endsWith(".jar") ? n.substring(0, n.length() - 4) : n;
    }
}
