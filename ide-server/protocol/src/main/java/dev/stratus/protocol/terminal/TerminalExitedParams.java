package dev.stratus.protocol.terminal;

/**
 * @param terminalId the terminal
 * @param exitCode the shell's exit code
 */
public record TerminalExitedParams(String terminalId, int exitCode) {
}
