package dev.stratus.server.lsp;

import java.time.Duration;

/**
 * Bounds of language-server installation.
 *
 * @param processTimeout how long one {@code npm install} or {@code apt-get install} may run
 *     before it is killed and its servers fail (default 10 minutes)
 * @param lockTimeout how long an installation waits for another one into the same folder, in
 *     this process or another ({@code stratus language-servers install}), before it fails with
 *     Unavailable (default 15 minutes: longer than one installation may run)
 * @param outputInterval the least time between two output lines relayed to a client as progress
 *     (default 250 ms; steps are always sent, every line goes to the log)
 */
public record LanguageServerInstallConfig(Duration processTimeout, Duration lockTimeout, Duration outputInterval) {

    /** Checks that every bound is positive. */
    public LanguageServerInstallConfig {
        if (processTimeout.isNegative() || processTimeout.isZero() || lockTimeout.isNegative() || lockTimeout.isZero()
                || outputInterval.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive and the output interval not negative");
        }
    }

    /** The documented defaults. */
    public static LanguageServerInstallConfig defaults() {
        return new LanguageServerInstallConfig(Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMillis(250));
    }
}
