package dev.stratus.server.lsp;

import dev.stratus.server.websocket.BoundedMessageReader;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/workspaces/{id}/lsp/{languageId}}: upgrades to an LSP socket of the workspace's
 * language server for that language. Authentication and the Origin check happen earlier in the
 * handler chain. An unknown workspace, or a language no registered and installed server handles,
 * is 404 before the upgrade (a malformed {@code servers.json} in the install folder is 500); a workspace already running its most language servers gets the
 * socket closed with 1013 (try again later) and a reason naming the limit.
 */
public final class LspSocketHandler implements HttpHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LspSocketHandler.class);
    private static final AttachmentKey<Target> TARGET = AttachmentKey.create(Target.class);
    /** WebSocket close code 1013, "try again later" (RFC 6455 registry); Undertow has no constant for it. */
    static final int TRY_AGAIN_LATER = 1013;

    private record Target(Workspace workspace, LanguageServerDefinition definition, List<String> command, String languageId) {
    }

    private final Function<HttpServerExchange, Optional<Workspace>> workspaceOf;
    private final LanguageServers servers;
    private final WebSocketProtocolHandshakeHandler upgrade;
    private final Set<WebSocketChannel> open = ConcurrentHashMap.newKeySet();

    public LspSocketHandler(Function<HttpServerExchange, Optional<Workspace>> workspaceOf, LanguageServers servers) {
        this.workspaceOf = workspaceOf;
        this.servers = servers;
        this.upgrade = WebSocketUpgrade.to(this::onConnect);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this); // the registry is read from disk
            return;
        }
        Optional<Workspace> workspace = workspaceOf.apply(exchange);
        if (workspace.isEmpty()) {
            notFound(exchange, "No such workspace");
            return;
        }
        String languageId = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("languageId");
        LanguageServerRegistry registry;
        try {
            registry = servers.registry();
        } catch (IllegalArgumentException e) {
            LOG.warn("The language-server registry cannot be read: {}", e.getMessage());
            exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
            exchange.getResponseSender().send("The language-server registry cannot be read; see the server log");
            return;
        }
        Optional<LanguageServerDefinition> definition = registry.forLanguage(languageId);
        Optional<List<String>> command = definition.flatMap(registry::commandLine);
        if (command.isEmpty()) {
            notFound(exchange, definition.isEmpty() ? "No language server is registered for " + languageId
                    : "The " + definition.get().id() + " language server is not installed");
            return;
        }
        exchange.putAttachment(TARGET, new Target(workspace.get(), definition.get(), command.get(), languageId));
        upgrade.handleRequest(exchange);
    }

    private static void notFound(HttpServerExchange exchange, String message) {
        exchange.setStatusCode(StatusCodes.NOT_FOUND);
        exchange.getResponseSender().send(message);
    }

    private void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        Target t = exchange.getAttachment(TARGET);
        open.add(channel);
        channel.addCloseTask(open::remove);
        SharedLanguageServer server;
        try {
            server = servers.of(t.workspace()).reserve(t.definition(), t.command(), t.languageId());
        } catch (WorkspaceLanguageServers.LimitReachedException e) {
            BoundedMessageReader.closeWith(channel, TRY_AGAIN_LATER, e.getMessage());
            return;
        } catch (RuntimeException e) {
            // The workspace folder went away since the route found it, or the like.
            LOG.warn("Cannot relay {} for workspace {}: {}", t.languageId(), t.workspace().id(), e.toString());
            BoundedMessageReader.closeWith(channel, CloseMessage.UNEXPECTED_ERROR, "The language server cannot be started");
            return;
        }
        new LspSocket(channel, server).start(servers.config().maxMessageBytes(), servers.config().liveness());
    }

    @Override
    public void close() {
        for (WebSocketChannel ch : open) {
            BoundedMessageReader.closeWith(ch, CloseMessage.GOING_AWAY, "Server is shutting down");
        }
    }
}
