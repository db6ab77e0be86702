package dev.stratus.server.terminal;

import dev.stratus.server.websocket.WebSocketUpgrade;
import dev.stratus.server.workspace.Workspace;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.PathTemplateMatch;
import io.undertow.util.StatusCodes;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@code GET /api/workspaces/{id}/terminals/{terminalId}?from=N&lines=L}: upgrades to the
 * terminal's byte socket. Authentication and the Origin check happen earlier in the handler
 * chain. An unknown workspace or terminal is 404 and a bad {@code from} or {@code lines} is 400,
 * both before the upgrade.
 */
public final class TerminalSocketHandler implements HttpHandler, AutoCloseable {
    private static final AttachmentKey<Target> TARGET = AttachmentKey.create(Target.class);

    /** The most lines a client may say it keeps. */
    static final long MAX_LINES = 1_000_000;

    private record Target(PtyTerminal terminal, long from, long lines) {
    }

    private final Function<HttpServerExchange, Optional<Workspace>> workspaceOf;
    private final Terminals terminals;
    private final WebSocketProtocolHandshakeHandler upgrade;
    private final Set<WebSocketChannel> open = ConcurrentHashMap.newKeySet();

    public TerminalSocketHandler(Function<HttpServerExchange, Optional<Workspace>> workspaceOf, Terminals terminals) {
        this.workspaceOf = workspaceOf;
        this.terminals = terminals;
        this.upgrade = WebSocketUpgrade.to(this::onConnect);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        Optional<PtyTerminal> terminal = workspaceOf.apply(exchange)
                .flatMap(ws -> terminals.find(ws.id(), match.getParameters().get("terminalId")));
        if (terminal.isEmpty()) {
            exchange.setStatusCode(StatusCodes.NOT_FOUND);
            exchange.getResponseSender().send("No such terminal");
            return;
        }
        long from;
        long lines;
        try {
            from = from(exchange, terminal.get().end());
            lines = lines(exchange);
        } catch (IllegalArgumentException e) {
            exchange.setStatusCode(StatusCodes.BAD_REQUEST);
            exchange.getResponseSender().send(e.getMessage());
            return;
        }
        exchange.putAttachment(TARGET, new Target(terminal.get(), from, lines));
        upgrade.handleRequest(exchange);
    }

    private static long from(HttpServerExchange exchange, long end) {
        Deque<String> values = exchange.getQueryParameters().get("from");
        if (values == null || values.isEmpty()) {
            return 0;
        }
        long from;
        try {
            from = Long.parseLong(values.getFirst());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("from must be a byte sequence number");
        }
        if (values.size() > 1 || from < 0 || from > end) {
            throw new IllegalArgumentException("from must be between 0 and the terminal's next byte (" + end + ")");
        }
        return from;
    }

    /** {@code lines}: how many lines the client keeps, so plain output beyond them may be skipped; 0 when absent. */
    private static long lines(HttpServerExchange exchange) {
        Deque<String> values = exchange.getQueryParameters().get("lines");
        if (values == null || values.isEmpty()) {
            return 0;
        }
        long lines;
        try {
            lines = Long.parseLong(values.getFirst());
        } catch (NumberFormatException e) {
            lines = -1;
        }
        if (values.size() > 1 || lines < 1 || lines > MAX_LINES) {
            throw new IllegalArgumentException("lines must be a number of lines between 1 and " + MAX_LINES);
        }
        return lines;
    }

    private void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        Target target = exchange.getAttachment(TARGET);
        open.add(channel);
        channel.addCloseTask(open::remove);
        try {
            new TerminalSocket(channel, target.terminal(), terminals.config(), target.lines()).start(target.from());
        } catch (IllegalArgumentException e) {
            TerminalSocket.closeWith(channel, CloseMessage.PROTOCOL_ERROR, e.getMessage());
        }
    }

    /** Number of open byte sockets. */
    public int openSockets() {
        return open.size();
    }

    @Override
    public void close() {
        for (WebSocketChannel ch : open) {
            TerminalSocket.closeWith(ch, CloseMessage.GOING_AWAY, "Server is shutting down");
        }
    }
}
