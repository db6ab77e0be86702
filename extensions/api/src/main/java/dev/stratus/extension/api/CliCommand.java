package dev.stratus.extension.api;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A subcommand an extension adds to the {@code stratus} command line, declared in its manifest
 * ({@code "contributes": {"cli": [{"name": "audit", "class": "...", "description": "..."}]}}) and
 * run as {@code stratus <name> [args...]}, without a server: the host loads the extension's
 * classes and creates the class with its public no-argument constructor.
 *
 * @since 1.0
 */
@FunctionalInterface
public interface CliCommand {

    /**
     * Runs the command.
     *
     * @param args the arguments after the command's name
     * @param out standard output
     * @param err standard error
     * @param dataDir the extension's data folder (the one {@link ExtensionContext#dataDir()} gives)
     * @return the process exit code
     * @throws Exception printed as an error; the exit code is then 1
     * @since 1.0
     */
    int run(List<String> args, PrintStream out, PrintStream err, Path dataDir) throws Exception;
}
