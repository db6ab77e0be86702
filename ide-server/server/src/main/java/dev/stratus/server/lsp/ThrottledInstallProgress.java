package dev.stratus.server.lsp;

import dev.stratus.protocol.lsp.LanguageServerInstallProgress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Relays installation progress to a client: steps (with a percentage) always, each server's
 * output lines at most once per interval, so a chatty {@code apt-get} does not flood the socket
 * (every line is in the server log). A failing client (a closed socket) never fails the
 * installation.
 */
final class ThrottledInstallProgress implements Consumer<LanguageServerInstallProgress> {
    private final Consumer<LanguageServerInstallProgress> client;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Long> lastOutput = new HashMap<>();

    ThrottledInstallProgress(Consumer<LanguageServerInstallProgress> client, Duration interval, LongSupplier nanoClock) {
        this.client = client;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized void accept(LanguageServerInstallProgress progress) {
        if (progress.percent() == null) {
            long now = nanoClock.getAsLong();
            Long last = lastOutput.get(progress.id());
            if (last != null && now - last < intervalNanos) {
                return;
            }
            lastOutput.put(progress.id(), now);
        }
        try {
            client.accept(progress);
        } catch (RuntimeException e) {
            // The installation goes on; the client sees its result if it is still connected.
        }
    }
}
