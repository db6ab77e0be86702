package dev.stratus.server.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option shared by every command that touches installation state. */
final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where Stratus keeps its database and state (default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:STRATUS_DATA_DIR:-${sys:user.home}/.stratus}")
    Path dataDir;
}
