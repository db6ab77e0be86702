package dev.stratus.protocol.fs;

/**
 * Metadata of one workspace entry.
 *
 * @param path workspace-relative POSIX path ({@code ""} for the root)
 * @param type what the entry itself is
 * @param targetType for a symlink, the type of its target inside the workspace; {@code null} if
 *     the link is dangling or points outside (such links can be listed but not used)
 * @param size size in bytes (0 for directories)
 * @param mtime last modification, milliseconds since the epoch
 * @param version opaque token that changes whenever the content changes; pass it back as
 *     {@link WriteParams#expectedVersion()}
 */
public record FileStat(String path, FileType type, FileType targetType, long size, long mtime, String version) {
}
