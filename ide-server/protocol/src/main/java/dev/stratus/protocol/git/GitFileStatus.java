package dev.stratus.protocol.git;

/**
 * One changed path.
 *
 * @param path workspace-relative path; one ending in {@code /} is a whole untracked folder (no path
 *     of HEAD or the index below it, at least one file that is not ignored), reported as one
 *     entry like {@code git status} does, instead of each of its files
 * @param index state in the index compared with HEAD
 * @param worktree state in the working tree compared with the index
 * @param originalPath for a rename, the path it was renamed from; else null
 */
public record GitFileStatus(String path, GitFileState index, GitFileState worktree, String originalPath) {
}
