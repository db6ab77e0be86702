package dev.stratus.protocol.terminal;

/**
 * @param terminalId the terminal
 * @param cols columns (1 to 1000)
 * @param rows rows (1 to 1000)
 */
public record TerminalResizeParams(String terminalId, int cols, int rows) {
}
