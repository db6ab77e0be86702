package dev.stratus.protocol.fs;

/**
 * @param type what happened
 * @param path workspace-relative path of the entry that changed
 */
public record FileChange(ChangeType type, String path) {
}
