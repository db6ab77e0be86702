package dev.stratus.server.extension;

import dev.stratus.extension.api.CliCommand;
import dev.stratus.extension.api.Extension;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs command-line contributions ({@code stratus audit verify}) without a server: the
 * extension's jar in its own class loader, as the host loads it, with the same data folder.
 */
public final class ExtensionCli {
    /** A contributed command and the jar it comes from. */
    public record Contribution(String name, String description, String extensionId, Path jar, String className) {
    }

    private final ExtensionConfig config;

    public ExtensionCli(ExtensionConfig config) {
        this.config = config;
    }

    /** Every command contributed by a readable built-in or installed extension jar (first one wins a name). */
    public List<Contribution> contributions() {
        List<Contribution> out = new java.util.ArrayList<>();
        for (Path dir : java.util.Arrays.asList(config.builtInDir(), config.installDir())) {
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (var s = Files.list(dir)) {
                for (Path jar : s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                    try {
                        ExtensionManifest m = ExtensionJar.readManifest(jar);
                        for (ExtensionManifest.Cli c : m.cli()) {
                            if (out.stream().noneMatch(x -> x.name().equals(c.name()))) {
                                out.add(new Contribution(c.name(), c.description() == null ? "" : c.description(), m.id(), jar, c.className()));
                            }
                        }
                    } catch (InvalidExtensionException e) {
                        // An unreadable jar contributes nothing; `stratus extensions list` says why.
                    }
                }
            } catch (java.io.IOException e) {
                // As above.
            }
        }
        return out;
    }

    public Optional<Contribution> find(String name) {
        return contributions().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Runs a contribution; returns its exit code (1 with the reason when it cannot run). */
    public int run(Contribution c, List<String> args, PrintStream out, PrintStream err) {
        try {
            ExtensionJar jar = ExtensionJar.open(c.jar(), config.hostDir().resolve("unpacked"));
            try (ExtensionClassLoader loader = new ExtensionClassLoader(c.extensionId(), jar.classPath(), Extension.class.getClassLoader())) {
                Class<?> cls = Class.forName(c.className(), true, loader);
                if (!CliCommand.class.isAssignableFrom(cls)) {
                    err.println("stratus: " + c.className() + " does not implement " + CliCommand.class.getName());
                    return 1;
                }
                CliCommand command = (CliCommand) cls.getConstructor().newInstance();
                Path data = Files.createDirectories(config.hostDir().resolve("data").resolve(c.extensionId()));
                Thread.currentThread().setContextClassLoader(loader);
                return command.run(List.copyOf(args), out, err, data);
            }
        } catch (Exception | LinkageError e) {
            err.println("stratus: " + c.name() + " failed: " + e);
            return 1;
        }
    }
}
