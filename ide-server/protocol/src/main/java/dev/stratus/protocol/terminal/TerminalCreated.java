package dev.stratus.protocol.terminal;

/**
 * @param terminalId id for the other terminal methods and the byte socket
 *     {@code /api/workspaces/{id}/terminals/{terminalId}}
 */
public record TerminalCreated(String terminalId) {
}
