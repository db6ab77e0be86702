package dev.stratus.protocol.lsp;

/**
 * @param id the server
 * @param message why, and what to do: the registry's instructions for a server installed by
 *     hand, the exact {@code apt-get} command when the server may not run it, or the package
 *     manager's last error lines
 */
public record LanguageServerInstallFailure(String id, String message) {
}
