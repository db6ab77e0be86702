package dev.stratus.server.app;

import dev.stratus.server.auth.AuthConfig;
import dev.stratus.server.auth.JdbcAuthService;
import dev.stratus.server.storage.Database;
import dev.stratus.server.storage.Jdbc;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stratus token create}. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manages API tokens.",
        subcommands = TokenCommand.Create.class)
final class TokenCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates an API token for the admin user and prints it once.",
                    "Clients send it as 'Authorization: Bearer <token>'. Works while the server runs."})
    static final class Create implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Option(names = "--name", defaultValue = "cli", description = "A label for the token (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() {
            try (Database db = Database.open(data.dataDir)) {
                JdbcAuthService auth = new JdbcAuthService(new Jdbc(db), AuthConfig.defaults(), Clock.systemUTC());
                String admin = auth.ensureAdmin().id();
                System.out.println(auth.createApiToken(admin, name));
                return 0;
            }
        }
    }
}
