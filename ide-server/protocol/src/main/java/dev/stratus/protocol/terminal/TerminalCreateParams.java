package dev.stratus.protocol.terminal;

/**
 * @param cols columns (1 to 1000)
 * @param rows rows (1 to 1000)
 * @param cwd workspace-relative start folder (default: the workspace root)
 * @param shell a shell from the server's allowed list (default: the user's login shell)
 */
public record TerminalCreateParams(int cols, int rows, String cwd, String shell) {
}
