package dev.stratus.protocol.lsp;

/**
 * @param path the workspace-relative path (or the URI as given, when it names no workspace path)
 * @param code the protocol error code: 1001 NotFound, 1002 AlreadyExists, 1003 Conflict,
 *     1004 OutsideWorkspace, -32602 for an edit outside the file or a malformed operation, ...
 * @param message what went wrong, for people
 */
public record EditFailure(String path, int code, String message) {
}
