package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The one {@code initialize} the relay sends for all its clients: the workspace's real root as
 * {@code rootUri}, {@code rootPath} and only workspace folder (Monaco's client sends
 * {@code rootUri: null} and no folders), the registry's initialization options, and client
 * capabilities covering what Monaco's built-in LSP client uses (completion with snippets, hover,
 * signature help, definitions, references, rename with prepare, formatting, code actions with
 * literals, hierarchical symbols, diagnostics, workspace edits with document changes and file
 * operations). Dynamic registration is declined everywhere: the relay could register a
 * capability with one client only.
 */
final class InitializeRequest {
    private static final ObjectNode CAPABILITIES = load();

    private InitializeRequest() {
    }

    static ObjectNode params(UriMapper uris, String workspaceName, JsonNode initializationOptions) {
        ObjectNode p = JsonRpc.NODES.objectNode();
        p.put("processId", ProcessHandle.current().pid());
        p.putObject("clientInfo").put("name", "Stratus");
        p.put("locale", "en");
        p.put("rootPath", uris.root().toString());
        p.put("rootUri", uris.serverRootUri());
        p.putArray("workspaceFolders").addObject().put("uri", uris.serverRootUri()).put("name", workspaceName);
        if (initializationOptions != null && !initializationOptions.isNull()) {
            p.set("initializationOptions", initializationOptions.deepCopy());
        }
        p.set("capabilities", CAPABILITIES.deepCopy());
        p.put("trace", "off");
        return p;
    }

    private static ObjectNode load() {
        try (InputStream in = InitializeRequest.class.getResourceAsStream("client-capabilities.json")) {
            if (in == null) {
                throw new IllegalStateException("client-capabilities.json is missing from the server jar");
            }
            return (ObjectNode) JsonRpc.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
