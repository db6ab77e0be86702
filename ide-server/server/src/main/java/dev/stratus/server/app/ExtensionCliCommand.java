package dev.stratus.server.app;

import dev.stratus.server.extension.ExtensionCli;
import dev.stratus.server.extension.ExtensionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code stratus <name> [args...]} for a command an extension contributes ({@code stratus audit verify}). */
final class ExtensionCliCommand implements Callable<Integer> {
    /** Core command names: a run of one of them never scans extensions (start-up time matters). */
    static final java.util.Set<String> CORE = java.util.Set.of("serve", "token", "language-servers", "extensions");

    private final String name;

    @Mixin
    DataDirOption data;

    @Parameters(arity = "0..*", paramLabel = "ARG", description = "Arguments for the extension's command.")
    List<String> args = new ArrayList<>();

    ExtensionCliCommand(String name) {
        this.name = name;
    }

    @Override
    public Integer call() {
        ExtensionCli cli = new ExtensionCli(ExtensionConfig.defaults(Install.defaultBuiltInExtensions(), data.dataDir));
        return cli.find(name).map(c -> cli.run(c, args, System.out, System.err)).orElseGet(() -> {
            System.err.println("stratus: no extension provides the command " + name);
            return 2;
        });
    }

    /** Adds every contributed command to {@code root} (found in the built-in folder and the default data folder). */
    static void register(CommandLine root) {
        String dataDir = System.getenv("STRATUS_DATA_DIR");
        java.nio.file.Path data = dataDir != null && !dataDir.isEmpty() ? java.nio.file.Path.of(dataDir)
                : java.nio.file.Path.of(System.getProperty("user.home"), ".stratus");
        for (ExtensionCli.Contribution c : new ExtensionCli(ExtensionConfig.defaults(Install.defaultBuiltInExtensions(), data)).contributions()) {
            if (root.getSubcommands().containsKey(c.name())) {
                continue;
            }
            CommandLine sub = new CommandLine(new ExtensionCliCommand(c.name()));
            sub.getCommandSpec().usageMessage().description(c.description() + " (from the extension " + c.extensionId() + ")");
            sub.getCommandSpec().parser().unmatchedOptionsArePositionalParams(true);
            root.addSubcommand(c.name(), sub);
        }
    }
}
