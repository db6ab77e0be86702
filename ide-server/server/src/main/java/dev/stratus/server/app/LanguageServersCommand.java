package dev.stratus.server.app;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.lsp.LanguageServerInfo;
import dev.stratus.protocol.lsp.LanguageServerInstallFailure;
import dev.stratus.protocol.lsp.LanguageServerInstallProgress;
import dev.stratus.protocol.lsp.LanguageServerInstallResult;
import dev.stratus.server.lsp.LanguageServerInstallConfig;
import dev.stratus.server.lsp.LanguageServerInstallException;
import dev.stratus.server.lsp.LanguageServerInstaller;
import dev.stratus.server.lsp.LanguageServerRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stratus language-servers list|install}. */
@Command(name = "language-servers", mixinStandardHelpOptions = true,
        description = "Lists and installs the language servers behind the editor's code intelligence.",
        subcommands = {LanguageServersCommand.ListServers.class, LanguageServersCommand.Install.class})
final class LanguageServersCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    /** Where the servers are installed. */
    static final class InstallDirOption {
        @Mixin
        DataDirOption data;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "The install folder (default: STRATUS_LANGUAGE_SERVERS_DIR, else <data-dir>/language-servers).")
        Path dir;

        LanguageServerInstaller installer() {
            Path folder = dir != null ? dir : LanguageServerRegistry.defaultInstallDir(data.dataDir);
            return new LanguageServerInstaller(folder, LanguageServerInstallConfig.defaults());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Prints every registered language server and whether it is installed.")
    static final class ListServers implements Callable<Integer> {
        @Mixin
        InstallDirOption where;

        @Override
        public Integer call() {
            LanguageServerInstaller installer = where.installer();
            List<LanguageServerInfo> servers;
            try {
                servers = installer.list();
            } catch (LanguageServerInstallException e) {
                System.err.println("stratus: " + e.getMessage());
                return 1;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "LANGUAGES", "INSTALLED", "METHOD"});
            for (LanguageServerInfo s : servers) {
                rows.add(new String[] {s.id(), String.join(", ", s.languages()), s.installed() ? "yes" : "no",
                        s.installMethod().name().toLowerCase(Locale.ROOT)});
            }
            int[] widths = new int[3];
            for (String[] row : rows) {
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                System.out.printf("%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s%n", (Object[]) row);
            }
            System.out.println();
            System.out.println("Install folder: " + installer.installDir());
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Installs language servers: npm packages into the install folder, Debian",
                    "packages with apt-get when running as root (else it prints the command).",
                    "Servers already installed are skipped. Exit code: 0 when every server is",
                    "installed, 1 when one is not, 2 for an unknown ID."})
    static final class Install implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "ID",
                description = "Servers to install (see 'list'; default: every server marked default).")
        List<String> ids;

        @Mixin
        InstallDirOption where;

        @Override
        public Integer call() throws InterruptedException {
            // Progress and the package managers' output go to stdout; the same lines as log records would repeat them.
            System.setProperty("org.slf4j.simpleLogger.log.dev.stratus.server.lsp", "warn");
            LanguageServerInstaller installer = where.installer();
            System.out.println("Installing language servers into " + installer.installDir());
            LanguageServerInstallResult result;
            try {
                result = installer.install(ids == null || ids.isEmpty() ? null : ids, new ProgressPrinter());
            } catch (LanguageServerInstallException e) {
                System.err.println("stratus: " + e.getMessage());
                return e.reason() == ProtocolError.INVALID_PARAMS ? 2 : 1;
            }
            if (!result.installed().isEmpty()) {
                System.out.println("Installed: " + String.join(", ", result.installed()));
            }
            if (!result.failed().isEmpty()) {
                // Each reason was printed as that server's last step.
                System.out.println("Not installed: " + String.join(", ", result.failed().stream().map(LanguageServerInstallFailure::id).toList()));
            }
            return result.failed().isEmpty() ? 0 : 1;
        }
    }

    /**
     * Steps as {@code id: message}; a package manager's output lines indented, once: one npm run
     * for several servers reports each line for each of them, one after the other.
     */
    static final class ProgressPrinter implements Consumer<LanguageServerInstallProgress> {
        private String lastOutput;

        @Override
        public synchronized void accept(LanguageServerInstallProgress p) {
            if (p.percent() != null) {
                lastOutput = null;
                System.out.println(p.id() + ": " + p.message());
            } else if (!p.message().equals(lastOutput)) {
                lastOutput = p.message();
                System.out.println("    " + p.message());
            }
        }
    }
}
