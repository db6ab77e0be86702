package dev.stratus.server.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stratus} command line. */
@Command(name = "stratus", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Stratus: a self-hosted cloud IDE.",
        subcommands = {ServeCommand.class, TokenCommand.class, LanguageServersCommand.class, ExtensionsCommand.class, CommandLine.HelpCommand.class},
        // Each line within the help's 80 columns: a longer one wraps back to column 0.
        footer = {"", "Launcher commands (./stratus only):",
                "  build    Build the server and browser IDE (also done when sources change).",
                "  test     Run every test (mvn verify: unit, integration, browser end-to-end).",
                "", "Environment:",
                "  STRATUS_BOOTSTRAP_TOKEN       At first start: an admin API token (32+ chars).",
                "  STRATUS_DATA_DIR              Default for --data-dir.",
                "  STRATUS_LANGUAGE_SERVERS_DIR  Where language servers are installed.",
                "  STRATUS_JAVA_OPTS             Extra JVM options for the launcher.",
                "  JAVA_HOME                     The JDK (21+) to use; else the newest found."})
public final class Main implements Runnable {
    /**
     * Lucene warns at every start that the JVM's incubating Vector API is not enabled; only its
     * vector search would use it, which Stratus's text search never does. Held here because
     * java.util.logging keeps loggers only weakly, and a collected one forgets its level.
     */
    private static final java.util.logging.Logger LUCENE_VECTORS =
            java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization.VectorizationProvider");

    public static void main(String[] args) {
        // Undertow and XNIO log through jboss-logging: route it to SLF4J like everything else.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        LUCENE_VECTORS.setLevel(java.util.logging.Level.SEVERE);
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        if (args.length == 0 || !ExtensionCliCommand.CORE.contains(args[0])) {
            ExtensionCliCommand.register(cl);
        }
        int code = cl.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"stratus " + (v == null ? "development build" : v)};
        }
    }
}
