package dev.stratus.protocol.terminal;

/**
 * @param terminalId the terminal
 * @param title its title
 * @param cwd workspace-relative start folder
 * @param pid process id of the shell
 * @param cols current columns
 * @param rows current rows
 * @param running false once the shell has exited
 * @param exitCode the shell's exit code once it has exited, else null
 */
public record TerminalInfo(String terminalId, String title, String cwd, long pid, int cols, int rows, boolean running, Integer exitCode) {
}
