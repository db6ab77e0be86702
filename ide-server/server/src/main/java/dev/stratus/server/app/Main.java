package dev.stratus.server.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stratus} command line. */
@Command(name = "stratus", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Stratus: a self-hosted cloud IDE.",
        subcommands = {ServeCommand.class, TokenCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Environment:",
                "  STRATUS_BOOTSTRAP_TOKEN  at first start, an API token (>= 32 characters) for the admin user",
                "  JAVA_HOME                the JDK (21 or newer) the launcher runs the server with"})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // Undertow and XNIO log through jboss-logging: route it to SLF4J like everything else.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
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
