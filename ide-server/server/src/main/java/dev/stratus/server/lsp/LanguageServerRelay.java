package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratus.protocol.ErrorCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes LSP messages between the sockets of one workspace and its one language-server process
 * (see docs/protocol.md, "the LSP relay socket"): answers each client's {@code initialize} with
 * the server's cached result, gives each request a relay id and routes its answer back, sends a
 * server's request to one client and its answer back, sends notifications to every client,
 * replays the latest diagnostics to a client that connects later, and keeps the documents in
 * sync through {@link DocumentSync}. URIs are mapped both ways by {@link UriMapper}.
 *
 * <p>Not thread-safe: everything runs on the shared server's relay thread.
 */
final class LanguageServerRelay {
    private static final Logger LOG = LoggerFactory.getLogger(LanguageServerRelay.class);
    private static final Pattern LEADING_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d{1,18})\\s*[,}]");

    /** The process side, as the relay needs it. */
    interface Link {
        /** Whether the server is initialized and takes requests. */
        boolean ready();

        /** Sends a message to the server (dropped, and logged, if the process is going away). */
        void send(JsonNode message);

        /** The server's answer to the relay's {@code initialize}, once ready. */
        JsonNode initializeResult();

        /** Why requests cannot be relayed now, for the error answering them. */
        String unavailableReason();

        /** True once the server has crashed too often and is not restarted by itself. */
        boolean gaveUp();
    }

    private static final class Client {
        boolean initialized;
        boolean shutdown;
        JsonNode waitingInitializeId;
        long lastActive;
    }

    private final String serverId;
    /** The languages the server handles: Monaco's client opens every model on every socket. */
    private final Set<String> languages;
    private final String workspaceName;
    private final UriMapper uris;
    private final Link link;
    private final Map<RelayClient, Client> clients = new LinkedHashMap<>();
    private final PendingRequests pending = new PendingRequests();
    private final ServerRequests serverRequests = new ServerRequests();
    private final DocumentSync docs = new DocumentSync();
    private final Map<String, ObjectNode> diagnostics = new LinkedHashMap<>();
    private long activity;

    LanguageServerRelay(String serverId, Set<String> languages, String workspaceName, UriMapper uris, Link link) {
        this.serverId = serverId;
        this.languages = Set.copyOf(languages);
        this.workspaceName = workspaceName;
        this.uris = uris;
        this.link = link;
    }

    // ---- clients ---------------------------------------------------------------------------

    void attached(RelayClient client) {
        clients.put(client, new Client());
    }

    void detached(RelayClient client) {
        if (clients.remove(client) == null) {
            return;
        }
        boolean ready = link.ready();
        for (ObjectNode m : docs.clientGone(client)) {
            sendIfReady(m, ready);
        }
        for (PendingRequests.Entry e : pending.removeClient(client)) {
            ObjectNode params = JsonRpc.NODES.objectNode().put("id", e.relayId());
            sendIfReady(JsonRpc.notification("$/cancelRequest", params), ready);
        }
        for (ObjectNode answer : serverRequests.clientGone(client)) {
            sendIfReady(answer, ready);
        }
    }

    /** One message from a client socket. */
    void fromClient(RelayClient client, String text) {
        Client c = clients.get(client);
        if (c == null) {
            return;
        }
        c.lastActive = ++activity;
        JsonNode msg;
        try {
            msg = JsonRpc.parse(text);
        } catch (IOException e) {
            client.send(JsonRpc.write(JsonRpc.error(null, ErrorCodes.PARSE_ERROR, "Parse error: invalid JSON")));
            return;
        }
        if (msg == null || !msg.isObject()) {
            String why = msg != null && msg.isArray() ? "Batch requests are not supported" : "Invalid JSON-RPC message";
            client.send(JsonRpc.write(JsonRpc.error(null, ErrorCodes.INVALID_REQUEST, why)));
            return;
        }
        ObjectNode m = (ObjectNode) msg;
        String method = JsonRpc.method(m);
        if (method == null) {
            if (JsonRpc.isResponse(m)) {
                fromClientResponse(client, m);
            } else {
                client.send(JsonRpc.write(JsonRpc.error(JsonRpc.id(m), ErrorCodes.INVALID_REQUEST, "Invalid JSON-RPC message")));
            }
        } else if (m.has("id")) {
            JsonNode id = JsonRpc.id(m);
            if (id == null) {
                client.send(JsonRpc.write(JsonRpc.error(null, ErrorCodes.INVALID_REQUEST, "A request id must be a number or a string")));
            } else {
                fromClientRequest(client, c, id, method, m);
            }
        } else {
            fromClientNotification(client, c, method, m);
        }
    }

    private void fromClientRequest(RelayClient client, Client c, JsonNode id, String method, ObjectNode m) {
        if (method.equals("initialize")) {
            if (link.ready()) {
                answerInitialize(client, c, id);
            } else if (link.gaveUp()) {
                error(client, id, ErrorCodes.UNAVAILABLE, link.unavailableReason());
            } else {
                c.waitingInitializeId = id;
            }
            return;
        }
        if (!c.initialized) {
            error(client, id, JsonRpc.SERVER_NOT_INITIALIZED, "The client must send initialize first");
            return;
        }
        if (method.equals("shutdown")) {
            c.shutdown = true;
            client.send(JsonRpc.write(JsonRpc.response(id, NullNode.getInstance())));
            return;
        }
        try {
            uris.toServer(m);
        } catch (OutsideWorkspaceUriException e) {
            error(client, id, ErrorCodes.INVALID_PARAMS, e.getMessage());
            return;
        }
        if (pending.inFlight(client, id)) {
            error(client, id, ErrorCodes.INVALID_REQUEST, "A request with this id is already in flight");
        } else if (!link.ready()) {
            error(client, id, ErrorCodes.UNAVAILABLE, link.unavailableReason());
        } else {
            m.put("id", pending.add(client, id, method));
            link.send(m);
        }
    }

    private void fromClientNotification(RelayClient client, Client c, String method, ObjectNode m) {
        switch (method) {
            case "exit" -> {
                client.close(1000, "exit");
                return;
            }
            case "initialized" -> {
                return;
            }
            default -> {
            }
        }
        if (!c.initialized) {
            LOG.debug("[{}] dropped {} from {} before initialize", serverId, method, client.name());
            return;
        }
        try {
            uris.toServer(m);
        } catch (OutsideWorkspaceUriException e) {
            LOG.warn("[{}] dropped {} from {}: {}", serverId, method, client.name(), e.getMessage());
            return;
        }
        JsonNode params = m.path("params");
        if (method.equals("textDocument/didOpen") && !languages.contains(params.path("textDocument").path("languageId").asText())) {
            LOG.debug("[{}] ignored a {} document from {}", serverId, params.path("textDocument").path("languageId"), client.name());
            return;
        }
        List<ObjectNode> out;
        try {
            out = switch (method) {
                case "textDocument/didOpen" -> docs.open(client, text(params.path("textDocument"), "uri"),
                        params.path("textDocument").path("languageId").asText(""),
                        params.path("textDocument").path("version").asInt(), text(params.path("textDocument"), "text"));
                case "textDocument/didChange" -> docs.change(client, text(params.path("textDocument"), "uri"),
                        params.path("textDocument").path("version").asInt(), changes(params));
                case "textDocument/didClose" -> docs.close(client, text(params.path("textDocument"), "uri"));
                case "$/cancelRequest" -> cancel(client, params.get("id"));
                default -> List.of(m);
            };
        } catch (IllegalArgumentException e) {
            LOG.warn("[{}] dropped {} from {}: {}", serverId, method, client.name(), e.getMessage());
            return;
        }
        boolean ready = link.ready();
        for (ObjectNode o : out) {
            sendIfReady(o, ready);
        }
    }

    private List<ObjectNode> cancel(RelayClient client, JsonNode clientId) {
        Long relayId = clientId == null ? null : pending.relayId(client, clientId);
        if (relayId == null) {
            return List.of();
        }
        return List.of(JsonRpc.notification("$/cancelRequest", JsonRpc.NODES.objectNode().put("id", relayId)));
    }

    /** A client's answer to a request the server sent it. */
    private void fromClientResponse(RelayClient client, ObjectNode m) {
        if (!serverRequests.answeredBy(client, m.get("id"))) {
            LOG.debug("[{}] dropped an answer from {} to no request of it", serverId, client.name());
            return;
        }
        try {
            uris.toServer(m);
        } catch (OutsideWorkspaceUriException e) {
            m.remove("result");
            m.putObject("error").put("code", ErrorCodes.INVALID_PARAMS).put("message", e.getMessage());
        }
        sendIfReady(m, link.ready());
    }

    private void answerInitialize(RelayClient client, Client c, JsonNode id) {
        client.send(JsonRpc.write(JsonRpc.response(id, uris.toClient(link.initializeResult().deepCopy()))));
        c.initialized = true;
        c.waitingInitializeId = null;
        for (ObjectNode params : diagnostics.values()) {
            client.send(JsonRpc.write(JsonRpc.notification("textDocument/publishDiagnostics", params)));
        }
    }

    // ---- the server ------------------------------------------------------------------------

    /** Copies of the latest non-empty {@code publishDiagnostics} params, with client URIs (relay thread only). */
    List<ObjectNode> diagnostics() {
        return diagnostics.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** Sends a request of the relay's own; {@code onResponse} gets the whole response. */
    void requestFromRelay(String method, JsonNode params, Consumer<JsonNode> onResponse) {
        link.send(JsonRpc.request(pending.addInternal(method, onResponse), method, params));
    }

    /** The server is initialized: re-open the documents (after a restart) and answer waiting clients. */
    void serverReady() {
        for (ObjectNode m : docs.reopenAll()) {
            link.send(m);
        }
        for (Map.Entry<RelayClient, Client> e : List.copyOf(clients.entrySet())) {
            if (e.getValue().waitingInitializeId != null) {
                answerInitialize(e.getKey(), e.getValue(), e.getValue().waitingInitializeId);
            }
        }
    }

    /** The process ended: every request waiting for it fails now rather than never. */
    void serverDown(String reason) {
        for (PendingRequests.Entry e : pending.removeAll()) {
            if (e.client() != null && clients.containsKey(e.client())) {
                error(e.client(), e.clientId(), ErrorCodes.UNAVAILABLE, reason);
            }
        }
        serverRequests.clear();
        diagnostics.clear();
    }

    /** The server will not come back by itself: clients waiting for initialize hear why. */
    void serverGaveUp(String reason) {
        for (Map.Entry<RelayClient, Client> e : clients.entrySet()) {
            if (e.getValue().waitingInitializeId != null) {
                error(e.getKey(), e.getValue().waitingInitializeId, ErrorCodes.UNAVAILABLE, reason);
                e.getValue().waitingInitializeId = null;
            }
        }
    }

    /** One message from the server. */
    void fromServer(byte[] json) {
        JsonNode msg;
        try {
            msg = JsonRpc.parse(json);
        } catch (IOException e) {
            LOG.warn("[{}] dropped a message that is not JSON: {}", serverId, e.getMessage());
            return;
        }
        if (!(msg instanceof ObjectNode m)) {
            LOG.warn("[{}] dropped a message that is not a JSON object", serverId);
            return;
        }
        String method = JsonRpc.method(m);
        if (method == null) {
            fromServerResponse(m);
        } else if (m.has("id")) {
            fromServerRequest(method, m);
        } else {
            fromServerNotification(method, m);
        }
    }

    /** The server sent a message over the size limit: the request it answers fails with TooLarge. */
    void fromServerOversized(long length, byte[] head) {
        Matcher id = LEADING_ID.matcher(new String(head, StandardCharsets.UTF_8));
        PendingRequests.Entry e = id.find() ? pending.complete(Long.parseLong(id.group(1))) : null;
        if (e != null && e.client() != null && clients.containsKey(e.client())) {
            error(e.client(), e.clientId(), ErrorCodes.TOO_LARGE, "The language server's answer (" + length
                    + " bytes) is larger than the relay's message limit");
        }
    }

    private void fromServerResponse(ObjectNode m) {
        JsonNode id = m.get("id");
        PendingRequests.Entry e = id != null && id.canConvertToLong() ? pending.complete(id.longValue()) : null;
        if (e == null) {
            return;
        }
        if (e.internal() != null) {
            e.internal().accept(m);
            return;
        }
        if (!clients.containsKey(e.client())) {
            return;
        }
        m.set("id", e.clientId());
        ClientVersions versions = ClientVersions.inEdits(m, docs);
        uris.toClient(m);
        e.client().send(versions.writeFor(e.client(), m, docs));
    }

    private void fromServerRequest(String method, ObjectNode m) {
        JsonNode id = m.get("id");
        if (method.equals("workspace/workspaceFolders")) {
            ArrayNode folders = JsonRpc.NODES.arrayNode();
            folders.addObject().put("uri", uris.serverRootUri()).put("name", workspaceName);
            link.send(JsonRpc.response(id, folders));
            return;
        }
        RelayClient to = null;
        long latest = -1;
        for (Map.Entry<RelayClient, Client> e : clients.entrySet()) {
            if (e.getValue().initialized && !e.getValue().shutdown && e.getValue().lastActive > latest) {
                to = e.getKey();
                latest = e.getValue().lastActive;
            }
        }
        if (to == null) {
            link.send(JsonRpc.response(id, FallbackAnswers.result(method, m.get("params"))));
            return;
        }
        serverRequests.asked(to, id, method, m.get("params"));
        ClientVersions versions = ClientVersions.inEdits(m, docs);
        uris.toClient(m);
        to.send(versions.writeFor(to, m, docs));
    }

    private void fromServerNotification(String method, ObjectNode m) {
        boolean diagnostic = method.equals("textDocument/publishDiagnostics") && m.path("params").isObject();
        ClientVersions versions = diagnostic ? ClientVersions.inDiagnostics((ObjectNode) m.get("params"), docs) : null;
        uris.toClient(m);
        if (diagnostic) {
            ObjectNode params = ((ObjectNode) m.get("params")).deepCopy();
            params.remove("version");
            String uri = params.path("uri").asText();
            if (params.path("diagnostics").isEmpty()) {
                diagnostics.remove(uri);
            } else {
                diagnostics.put(uri, params);
            }
        }
        String shared = versions == null || versions.isEmpty() ? JsonRpc.write(m) : null;
        for (Map.Entry<RelayClient, Client> e : clients.entrySet()) {
            if (e.getValue().initialized) {
                e.getKey().send(shared != null ? shared : versions.writeFor(e.getKey(), m, docs));
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void sendIfReady(ObjectNode m, boolean ready) {
        if (ready) {
            link.send(m);
        }
    }

    private static void error(RelayClient client, JsonNode id, int code, String message) {
        client.send(JsonRpc.write(JsonRpc.error(id, code, message)));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("textDocument." + field + " must be a string");
        }
        return v.textValue();
    }

    private static ArrayNode changes(JsonNode params) {
        if (!(params.get("contentChanges") instanceof ArrayNode changes)) {
            throw new IllegalArgumentException("contentChanges must be an array");
        }
        return changes;
    }
}
