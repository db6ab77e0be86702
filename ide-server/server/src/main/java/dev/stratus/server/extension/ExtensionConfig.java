package dev.stratus.server.extension;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param builtInDir the server's own extension jars (read-only; may be missing)
 * @param installDir installed extension jars: {@code <data-dir>/extensions}
 * @param callTimeout bound on every call into an extension: activation, deactivation, commands,
 *     RPC methods, HTTP routes, tools (default 30 s, range 10 ms to 10 minutes)
 * @param configFile the server's {@code stratus.yaml} (may be missing), whose sections extensions
 *     read and whose {@code extensions} section the host reads
 */
public record ExtensionConfig(Path builtInDir, Path installDir, Duration callTimeout, Path configFile) {
    public ExtensionConfig {
        if (installDir == null || callTimeout == null || callTimeout.toMillis() < 10
                || callTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("installDir is required; callTimeout must be between 10 ms and 10 minutes");
        }
    }

    /** A configuration without a configuration file. */
    public ExtensionConfig(Path builtInDir, Path installDir, Duration callTimeout) {
        this(builtInDir, installDir, callTimeout, null);
    }

    /** The defaults for a data folder, with the built-in extensions in {@code builtInDir}. */
    public static ExtensionConfig defaults(Path builtInDir, Path dataDir) {
        return new ExtensionConfig(builtInDir, installDirOf(dataDir), Duration.ofSeconds(30), dataDir.resolve("stratus.yaml"));
    }

    /** This configuration with another configuration file. */
    public ExtensionConfig withConfigFile(Path file) {
        return new ExtensionConfig(builtInDir, installDir, callTimeout, file);
    }

    /** Where installed extensions live in a data folder. */
    public static Path installDirOf(Path dataDir) {
        return dataDir.resolve("extensions");
    }

    /** This configuration with another call time limit. */
    public ExtensionConfig withCallTimeout(Duration timeout) {
        return new ExtensionConfig(builtInDir, installDir, timeout, configFile);
    }

    /** The host's private folder: unpacked jars and extensions' data. */
    Path hostDir() {
        return installDir.resolve(".host");
    }
}
