package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Text-document synchronisation of several clients with one language server. The server sees
 * each document once: the first {@code didOpen} is forwarded, later ones are counted (and become
 * a full-text {@code didChange} when their text differs from what the server has); versions are
 * the relay's own, counted per document; {@code didClose} goes out when the last client closes.
 *
 * <p>Each client's text is kept, so a change from a client whose text the server does not have
 * (another client changed the document since) goes out as that client's full text rather than as
 * ranges into a text they were not meant for; and after a restart every open document is sent
 * again with {@link #reopenAll()}. URIs here are the server's.
 *
 * <p>Not thread-safe: one relay thread uses it.
 */
final class DocumentSync {
    private final Map<String, Doc> docs = new LinkedHashMap<>();

    private static final class Doc {
        final String uri;
        final String languageId;
        int version;
        String serverText;
        /** The client whose text the server has (its changes can go out as they are), or null. */
        RelayClient author;
        final Map<RelayClient, View> views = new LinkedHashMap<>();

        Doc(String uri, String languageId) {
            this.uri = uri;
            this.languageId = languageId;
        }
    }

    /** One client's copy: its text, its own version, and the relay version it corresponds to. */
    private static final class View {
        TextDocument text;
        int clientVersion;
        int relayVersion;

        View(TextDocument text, int clientVersion) {
            this.text = text;
            this.clientVersion = clientVersion;
        }
    }

    /** {@code textDocument/didOpen} from a client; returns what to send to the server. */
    List<ObjectNode> open(RelayClient client, String uri, String languageId, int clientVersion, String text) {
        Doc doc = docs.get(uri);
        View view = new View(new TextDocument(text), clientVersion);
        if (doc == null) {
            doc = new Doc(uri, languageId == null ? "" : languageId);
            docs.put(uri, doc);
            doc.version = 1;
            doc.serverText = text;
            doc.author = client;
            view.relayVersion = doc.version;
            doc.views.put(client, view);
            return List.of(didOpen(doc));
        }
        doc.views.put(client, view);
        if (text.equals(doc.serverText)) {
            view.relayVersion = doc.version;
            return List.of();
        }
        return List.of(fullChange(doc, client, view));
    }

    /**
     * {@code textDocument/didChange} from a client; applies the changes to its text and returns
     * what to send. Nothing for a document the client has not opened here (one in another
     * language, which the relay ignored); IllegalArgumentException when a change is malformed.
     */
    List<ObjectNode> change(RelayClient client, String uri, int clientVersion, ArrayNode contentChanges) {
        Doc doc = docs.get(uri);
        View view = doc == null ? null : doc.views.get(client);
        if (view == null) {
            return List.of();
        }
        TextDocument text = view.text;
        for (JsonNode change : contentChanges) {
            JsonNode newText = change.get("text");
            if (newText == null || !newText.isTextual()) {
                throw new IllegalArgumentException("A content change needs a text");
            }
            text = change.has("range") ? text.replace(TextRange.of(change.get("range")), newText.textValue())
                    : new TextDocument(newText.textValue());
        }
        view.text = text;
        view.clientVersion = clientVersion;
        if (doc.author != client) {
            return List.of(fullChange(doc, client, view));
        }
        doc.version++;
        doc.serverText = text.text();
        view.relayVersion = doc.version;
        ObjectNode params = JsonRpc.NODES.objectNode();
        params.putObject("textDocument").put("uri", uri).put("version", doc.version);
        params.set("contentChanges", contentChanges);
        return List.of(JsonRpc.notification("textDocument/didChange", params));
    }

    /** {@code textDocument/didClose} from a client; the server hears of it when the last one closes. */
    List<ObjectNode> close(RelayClient client, String uri) {
        Doc doc = docs.get(uri);
        if (doc == null || doc.views.remove(client) == null) {
            return List.of();
        }
        if (doc.author == client) {
            doc.author = null;
        }
        if (!doc.views.isEmpty()) {
            return List.of();
        }
        docs.remove(uri);
        ObjectNode params = JsonRpc.NODES.objectNode();
        params.putObject("textDocument").put("uri", uri);
        return List.of(JsonRpc.notification("textDocument/didClose", params));
    }

    /** A client disconnected: it closes every document it had open. */
    List<ObjectNode> clientGone(RelayClient client) {
        List<ObjectNode> out = new ArrayList<>();
        for (String uri : List.copyOf(docs.keySet())) {
            out.addAll(close(client, uri));
        }
        return out;
    }

    /** A {@code didOpen} of every open document with the text the server had, for a restarted server. */
    List<ObjectNode> reopenAll() {
        List<ObjectNode> out = new ArrayList<>();
        for (Doc doc : docs.values()) {
            doc.version++;
            for (View v : doc.views.values()) {
                if (v.text.text().equals(doc.serverText)) {
                    v.relayVersion = doc.version;
                }
            }
            out.add(didOpen(doc));
        }
        return out;
    }

    /**
     * The client's own version of a document for a relay version the server reports (in
     * diagnostics, versioned edits), or null when that text is not one this client had.
     */
    Integer clientVersion(RelayClient client, String uri, int relayVersion) {
        Doc doc = docs.get(uri);
        View view = doc == null ? null : doc.views.get(client);
        return view != null && view.relayVersion == relayVersion ? view.clientVersion : null;
    }

    /** How many clients have the document open. */
    int openCount(String uri) {
        Doc doc = docs.get(uri);
        return doc == null ? 0 : doc.views.size();
    }

    /** The text the server has of an open document, or null. */
    String serverText(String uri) {
        Doc doc = docs.get(uri);
        return doc == null ? null : doc.serverText;
    }

    /** The server URIs of every open document. */
    Set<String> openUris() {
        return docs.keySet();
    }

    private ObjectNode fullChange(Doc doc, RelayClient client, View view) {
        doc.version++;
        doc.serverText = view.text.text();
        doc.author = client;
        view.relayVersion = doc.version;
        ObjectNode params = JsonRpc.NODES.objectNode();
        params.putObject("textDocument").put("uri", doc.uri).put("version", doc.version);
        params.putArray("contentChanges").addObject().put("text", doc.serverText);
        return JsonRpc.notification("textDocument/didChange", params);
    }

    private static ObjectNode didOpen(Doc doc) {
        ObjectNode params = JsonRpc.NODES.objectNode();
        params.putObject("textDocument").put("uri", doc.uri).put("languageId", doc.languageId)
                .put("version", doc.version).put("text", doc.serverText);
        return JsonRpc.notification("textDocument/didOpen", params);
    }
}
