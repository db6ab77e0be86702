package dev.stratus.server.lsp;

import dev.stratus.server.websocket.Liveness;
import java.time.Duration;

/**
 * Settings of the language-server relay.
 *
 * @param idleTime how long a language server with no socket keeps running before it is shut down
 *     (default 10 minutes; at least 1 ms)
 * @param maxProcessesPerWorkspace language-server processes one workspace may run at once
 *     (default 4, range 1 to 64); a socket needing another one is closed with 1013
 * @param restartDelay the back-off before the first restart after a crash (default 0.5 s); it
 *     doubles with each crash inside {@code crashWindow}
 * @param maxRestartDelay the back-off's cap (default 30 s, at least {@code restartDelay})
 * @param maxCrashes crashes inside {@code crashWindow} after which the server stays crashed until
 *     a socket for it connects again (default 5, range 1 to 1000)
 * @param crashWindow see {@code maxCrashes} (default 3 minutes)
 * @param maxMessageBytes largest LSP message accepted in either direction (default 16 MiB, range
 *     1 KiB to 256 MiB); a bigger one from a socket closes it with 1009, one from the server is
 *     dropped and the request it answers fails with TooLarge
 * @param startTimeout how long a started server may take to answer {@code initialize} before it
 *     counts as crashed (default 60 s)
 * @param shutdownGrace how long a server may take to answer {@code shutdown} and then to exit
 *     after {@code exit} before it is killed (default 3 s, range 0 to 1 minute)
 * @param liveness how often each socket is pinged, and how long a silence closes it as gone
 *     (default 20 s and 60 s)
 */
public record LspConfig(Duration idleTime, int maxProcessesPerWorkspace, Duration restartDelay, Duration maxRestartDelay,
                        int maxCrashes, Duration crashWindow, int maxMessageBytes, Duration startTimeout,
                        Duration shutdownGrace, Liveness.Timing liveness) {

    public LspConfig {
        if (idleTime == null || idleTime.toMillis() < 1) {
            throw new IllegalArgumentException("idleTime must be at least 1 ms");
        }
        if (maxProcessesPerWorkspace < 1 || maxProcessesPerWorkspace > 64) {
            throw new IllegalArgumentException("maxProcessesPerWorkspace must be between 1 and 64");
        }
        if (restartDelay == null || restartDelay.isNegative() || maxRestartDelay == null || maxRestartDelay.compareTo(restartDelay) < 0) {
            throw new IllegalArgumentException("restartDelay must not be negative nor above maxRestartDelay");
        }
        if (maxCrashes < 1 || maxCrashes > 1000) {
            throw new IllegalArgumentException("maxCrashes must be between 1 and 1000");
        }
        if (crashWindow == null || crashWindow.isNegative() || crashWindow.isZero()) {
            throw new IllegalArgumentException("crashWindow must be positive");
        }
        if (maxMessageBytes < 1024 || maxMessageBytes > 256 << 20) {
            throw new IllegalArgumentException("maxMessageBytes must be between 1 KiB and 256 MiB");
        }
        if (startTimeout == null || startTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("startTimeout must be at least 1 ms");
        }
        if (shutdownGrace == null || shutdownGrace.isNegative() || shutdownGrace.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("shutdownGrace must be between 0 and 1 minute");
        }
        if (liveness == null) {
            throw new IllegalArgumentException("liveness must be given");
        }
    }

    public static LspConfig defaults() {
        return new LspConfig(Duration.ofMinutes(10), 4, Duration.ofMillis(500), Duration.ofSeconds(30), 5,
                Duration.ofMinutes(3), 16 << 20, Duration.ofSeconds(60), Duration.ofSeconds(3),
                Liveness.Timing.defaults());
    }

    /** This configuration with another idle time. */
    public LspConfig withIdleTime(Duration idle) {
        return new LspConfig(idle, maxProcessesPerWorkspace, restartDelay, maxRestartDelay, maxCrashes, crashWindow,
                maxMessageBytes, startTimeout, shutdownGrace, liveness);
    }

    /** This configuration with another process limit. */
    public LspConfig withMaxProcessesPerWorkspace(int max) {
        return new LspConfig(idleTime, max, restartDelay, maxRestartDelay, maxCrashes, crashWindow,
                maxMessageBytes, startTimeout, shutdownGrace, liveness);
    }

    /** This configuration with other socket pings. */
    public LspConfig withLiveness(Liveness.Timing timing) {
        return new LspConfig(idleTime, maxProcessesPerWorkspace, restartDelay, maxRestartDelay, maxCrashes, crashWindow,
                maxMessageBytes, startTimeout, shutdownGrace, timing);
    }
}
