package dev.stratus.protocol.git;

import java.util.List;

/**
 * Status of the workspace repository.
 *
 * @param repository false when the workspace is not a git repository (every other field is empty)
 * @param branch current branch name, or null when HEAD is detached
 * @param head commit id of HEAD, or null in a repository without commits
 * @param upstream the tracked remote branch ({@code origin/main}), or null
 * @param ahead commits on the branch not on its upstream
 * @param behind commits on the upstream not on the branch
 * @param files changed paths, sorted by path
 */
public record GitStatus(boolean repository, String branch, String head, String upstream, int ahead, int behind, List<GitFileStatus> files) {
}
