package dev.stratus.server.terminal;

import dev.stratus.protocol.Empty;
import dev.stratus.protocol.terminal.TerminalClient;
import dev.stratus.protocol.terminal.TerminalCreateParams;
import dev.stratus.protocol.terminal.TerminalCreated;
import dev.stratus.protocol.terminal.TerminalIdParams;
import dev.stratus.protocol.terminal.TerminalList;
import dev.stratus.protocol.terminal.TerminalRenameParams;
import dev.stratus.protocol.terminal.TerminalResizeParams;
import dev.stratus.protocol.terminal.TerminalService;
import dev.stratus.server.workspace.Workspace;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@link TerminalService} of one RPC connection. The terminals belong to the workspace and
 * outlive the connection; what the connection owns is its subscription to
 * {@code terminal/exited}, which {@link #close()} ends.
 */
public final class PtyTerminalService implements TerminalService, AutoCloseable {
    static final int MAX_SIZE = 1000;
    static final int MAX_TITLE = 100;

    private final WorkspaceTerminals terminals;
    private final TerminalClient client;
    private final Executor executor;

    public PtyTerminalService(Terminals all, Workspace workspace, TerminalClient client, Executor executor) {
        this.terminals = all.of(workspace);
        this.client = client;
        this.executor = executor;
        terminals.addClient(client);
    }

    @Override
    public CompletableFuture<TerminalCreated> create(TerminalCreateParams params) {
        return async(() -> {
            checkSize(required(params).cols(), params.rows());
            return new TerminalCreated(terminals.create(params.cols(), params.rows(), params.cwd(), params.shell()).id());
        });
    }

    @Override
    public CompletableFuture<Empty> resize(TerminalResizeParams params) {
        return async(() -> {
            checkSize(required(params).cols(), params.rows());
            terminals.get(params.terminalId()).resize(params.cols(), params.rows());
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Empty> close(TerminalIdParams params) {
        return async(() -> {
            terminals.close(required(params).terminalId());
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<TerminalList> list(Empty params) {
        return async(() -> new TerminalList(terminals.list()));
    }

    @Override
    public CompletableFuture<Empty> rename(TerminalRenameParams params) {
        return async(() -> {
            String title = required(params).title();
            if (title == null || title.isBlank() || title.length() > MAX_TITLE || title.codePoints().anyMatch(Character::isISOControl)) {
                throw TerminalException.invalid("title must be 1 to " + MAX_TITLE + " characters without control characters");
            }
            terminals.get(params.terminalId()).rename(title.strip());
            return Empty.INSTANCE;
        });
    }

    private static void checkSize(int cols, int rows) {
        if (cols < 1 || cols > MAX_SIZE || rows < 1 || rows > MAX_SIZE) {
            throw TerminalException.invalid("cols and rows must be between 1 and " + MAX_SIZE);
        }
    }

    private static <T> T required(T params) {
        if (params == null) {
            throw TerminalException.invalid("params are required");
        }
        return params;
    }

    private <T> CompletableFuture<T> async(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, executor);
    }

    @Override
    public void close() {
        terminals.removeClient(client);
    }
}
