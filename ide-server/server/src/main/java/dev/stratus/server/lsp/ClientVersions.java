package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The document versions a server's message carries ({@code {uri, version}} of open documents in
 * diagnostics and versioned edits) are the relay's; each recipient must see its own version of
 * that text, or none when it never had that text ({@code version} dropped where it is optional,
 * null in a versioned edit). Found before the message's URIs are mapped, applied per recipient.
 */
final class ClientVersions {
    private record Ref(ObjectNode node, String serverUri, int relayVersion, boolean optional) {
    }

    private final List<Ref> refs;

    private ClientVersions(List<Ref> refs) {
        this.refs = refs;
    }

    /** The versions of {@code textDocument}s in a message's workspace edits ({@code documentChanges}). */
    static ClientVersions inEdits(ObjectNode message, DocumentSync docs) {
        List<Ref> refs = new ArrayList<>();
        for (JsonNode changes : message.findValues("documentChanges")) {
            for (JsonNode change : changes) {
                if (change.get("textDocument") instanceof ObjectNode td) {
                    add(refs, td, docs, false);
                }
            }
        }
        return new ClientVersions(refs);
    }

    /** The version in {@code publishDiagnostics} params. */
    static ClientVersions inDiagnostics(ObjectNode params, DocumentSync docs) {
        List<Ref> refs = new ArrayList<>(1);
        add(refs, params, docs, true);
        return new ClientVersions(refs);
    }

    private static void add(List<Ref> refs, ObjectNode node, DocumentSync docs, boolean optional) {
        JsonNode uri = node.get("uri");
        JsonNode version = node.get("version");
        if (uri != null && uri.isTextual() && version != null && version.canConvertToInt() && docs.openCount(uri.textValue()) > 0) {
            refs.add(new Ref(node, uri.textValue(), version.intValue(), optional));
        }
    }

    boolean isEmpty() {
        return refs.isEmpty();
    }

    /** The message as {@code to} must see it (the versions are rewritten in place for it). */
    String writeFor(RelayClient to, ObjectNode message, DocumentSync docs) {
        for (Ref r : refs) {
            Integer mine = docs.clientVersion(to, r.serverUri(), r.relayVersion());
            if (mine != null) {
                r.node().put("version", mine);
            } else if (r.optional()) {
                r.node().remove("version");
            } else {
                r.node().putNull("version");
            }
        }
        return JsonRpc.write(message);
    }
}
