package dev.stratus.protocol.terminal;

/**
 * @param terminalId the terminal
 */
public record TerminalIdParams(String terminalId) {
}
