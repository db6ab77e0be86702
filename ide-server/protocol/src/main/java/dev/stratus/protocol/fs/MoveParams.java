package dev.stratus.protocol.fs;

/**
 * @param from source path
 * @param to target path; its parent must exist
 * @param overwrite whether an existing target is replaced (default false)
 */
public record MoveParams(String from, String to, Boolean overwrite) {
}
