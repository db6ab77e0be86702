package dev.stratus.protocol.fs;

/**
 * @param path entry to delete
 * @param recursive whether a non-empty directory may be deleted with its contents (default false)
 */
public record DeleteParams(String path, Boolean recursive) {
}
