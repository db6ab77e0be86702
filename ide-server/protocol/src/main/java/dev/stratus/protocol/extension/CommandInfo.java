package dev.stratus.protocol.extension;

/**
 * A command an extension contributes.
 *
 * @param id starts with the extension's id and a dot
 * @param title shown in the command palette
 * @param category shown before the title, may be null
 * @param keybinding like {@code Ctrl+Alt+T} ({@code Mod} is Ctrl, Cmd on macOS), may be null
 * @param extensionId the extension
 */
public record CommandInfo(String id, String title, String category, String keybinding, String extensionId) {
}
