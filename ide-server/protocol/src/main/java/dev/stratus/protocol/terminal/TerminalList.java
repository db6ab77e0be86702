package dev.stratus.protocol.terminal;

import java.util.List;

/**
 * @param terminals the workspace's terminals, oldest first
 */
public record TerminalList(List<TerminalInfo> terminals) {
}
