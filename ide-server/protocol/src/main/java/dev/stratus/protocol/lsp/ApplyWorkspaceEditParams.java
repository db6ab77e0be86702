package dev.stratus.protocol.lsp;

import com.google.gson.JsonObject;

/**
 * @param edit an LSP {@code WorkspaceEdit} as a language server sent it over the LSP socket
 *     ({@code changes} and/or {@code documentChanges}; URIs {@code file:///workspace/<path>}).
 *     Kept as JSON: it is the LSP type verbatim, and this protocol does not depend on LSP4J's
 *     typed model.
 */
public record ApplyWorkspaceEditParams(JsonObject edit) {
}
