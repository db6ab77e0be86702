package dev.stratus.protocol.lsp;

/**
 * @param id the server being installed (one npm run installing several servers reports its
 *     output under each of their ids)
 * @param message what is happening, or a line of the package manager's output
 * @param percent 0 to 100 for steps ({@code 0} started, {@code 100} done), or null for output
 */
public record LanguageServerInstallProgress(String id, String message, Integer percent) {
}
