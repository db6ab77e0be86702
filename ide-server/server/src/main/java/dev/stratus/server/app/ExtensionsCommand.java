package dev.stratus.server.app;

import dev.stratus.server.extension.ExtensionConfig;
import dev.stratus.server.extension.ExtensionInstaller;
import dev.stratus.server.extension.ExtensionManifest;
import dev.stratus.server.extension.InvalidExtensionException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code stratus extensions list|install <jar>|remove <id>}. */
@Command(name = "extensions", mixinStandardHelpOptions = true,
        description = "Lists, installs and removes extensions. A running server picks up changes without a restart.",
        subcommands = {ExtensionsCommand.ListExtensions.class, ExtensionsCommand.InstallJar.class, ExtensionsCommand.Remove.class})
final class ExtensionsCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    static ExtensionInstaller installer(DataDirOption data) {
        return new ExtensionInstaller(Install.defaultBuiltInExtensions(), ExtensionConfig.installDirOf(data.dataDir));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints the built-in and installed extensions.")
    static final class ListExtensions implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Override
        public Integer call() {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "VERSION", "SOURCE", "STATUS"});
            for (ExtensionInstaller.Entry e : installer(data).list()) {
                rows.add(new String[] {e.id(), e.version(), e.builtIn() ? "built-in" : "installed",
                        e.problem() == null ? "ok" : "failed: " + e.problem()});
            }
            int[] w = new int[3];
            for (String[] row : rows) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = Math.max(w[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                System.out.printf("%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %s%n", (Object[]) row);
            }
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true, description = "Installs (or replaces) an extension jar.")
    static final class InstallJar implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Parameters(paramLabel = "JAR", description = "The extension jar.")
        Path jar;

        @Override
        public Integer call() {
            try {
                ExtensionManifest m = installer(data).install(jar);
                System.out.println("Installed " + m.id() + " " + m.version() + ".");
                return 0;
            } catch (InvalidExtensionException | IOException e) {
                System.err.println("stratus: cannot install " + jar + ": " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes an installed extension.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Parameters(paramLabel = "ID", description = "The extension's id.")
        String id;

        @Override
        public Integer call() {
            try {
                if (installer(data).remove(id).isEmpty()) {
                    System.err.println("stratus: no installed extension " + id);
                    return 1;
                }
                System.out.println("Removed " + id + ".");
                return 0;
            } catch (InvalidExtensionException | IOException e) {
                System.err.println("stratus: cannot remove " + id + ": " + e.getMessage());
                return 1;
            }
        }
    }
}
