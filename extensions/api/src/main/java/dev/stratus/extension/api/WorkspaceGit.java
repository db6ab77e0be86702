package dev.stratus.extension.api;

import java.util.List;

/**
 * The workspace's git repository, read-only in this version. Needs {@link Permission#GIT}.
 *
 * @since 1.0
 */
public interface WorkspaceGit {

    /**
     * The branch and the changed files, as the Source Control view shows them.
     *
     * @return the status
     * @throws ExtensionException {@code NOT_FOUND} when the workspace is not a repository
     * @since 1.0
     */
    Status status();

    /**
     * Repository status.
     *
     * @param branch the current branch, or the commit id when detached
     * @param files changed files
     * @since 1.0
     */
    record Status(String branch, List<FileStatus> files) {
    }

    /**
     * A changed file.
     *
     * @param path the file
     * @param index its state in the index ({@code "modified"}, {@code "added"}, ... or {@code
     *     "unmodified"})
     * @param worktree its state in the working tree
     * @since 1.0
     */
    record FileStatus(String path, String index, String worktree) {
    }
}
