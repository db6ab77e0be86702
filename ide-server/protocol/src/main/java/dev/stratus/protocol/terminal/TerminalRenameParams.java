package dev.stratus.protocol.terminal;

/**
 * @param terminalId the terminal
 * @param title new title shown on its tab (at most 100 characters)
 */
public record TerminalRenameParams(String terminalId, String title) {
}
