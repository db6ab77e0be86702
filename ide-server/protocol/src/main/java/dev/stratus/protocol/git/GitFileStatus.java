package dev.stratus.protocol.git;

/**
 * One changed path.
 *
 * @param path workspace-relative path
 * @param index state in the index compared with HEAD
 * @param worktree state in the working tree compared with the index
 * @param originalPath for a rename, the path it was renamed from; else null
 */
public record GitFileStatus(String path, GitFileState index, GitFileState worktree, String originalPath) {
}
