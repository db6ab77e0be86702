package dev.stratus.server.lsp;

import dev.stratus.protocol.Empty;
import dev.stratus.protocol.lsp.LanguageServerInstallClient;
import dev.stratus.protocol.lsp.LanguageServerInstallParams;
import dev.stratus.protocol.lsp.LanguageServerInstallResult;
import dev.stratus.protocol.lsp.LanguageServerInstallService;
import dev.stratus.protocol.lsp.LanguageServerListResult;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@link LanguageServerInstallService} of one RPC connection over the server's
 * {@link LanguageServerInstaller}: every call runs on the given executor (virtual threads: an
 * installation waits minutes for npm or for another installation), and progress goes to this
 * connection's client, throttled.
 */
public final class PackageManagerInstallService implements LanguageServerInstallService {
    private final LanguageServerInstaller installer;
    private final LanguageServerInstallClient client;
    private final Executor executor;

    public PackageManagerInstallService(LanguageServerInstaller installer, LanguageServerInstallClient client, Executor executor) {
        this.installer = installer;
        this.client = client;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<LanguageServerListResult> list(Empty params) {
        return CompletableFuture.supplyAsync(() -> new LanguageServerListResult(installer.list()), executor);
    }

    @Override
    public CompletableFuture<LanguageServerInstallResult> install(LanguageServerInstallParams params) {
        ThrottledInstallProgress progress = new ThrottledInstallProgress(client::installProgress, installer.config().outputInterval(),
                System::nanoTime);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return installer.install(params == null ? null : params.ids(), progress);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("The server is shutting down");
            }
        }, executor);
    }
}
