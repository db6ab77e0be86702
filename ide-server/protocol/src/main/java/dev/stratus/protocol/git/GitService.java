package dev.stratus.protocol.git;

import dev.stratus.protocol.Empty;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/**
 * The git repository at the workspace root. Safe on untrusted repositories: no hooks run and no
 * command named by repository configuration runs (fsmonitor, ssh command, filters, external
 * diff, credential helpers); checkouts that would write into {@code .git} or outside the
 * workspace are refused. Errors: NotFound (1001) for unknown refs, paths or stashes, or when
 * the workspace is not a repository; Conflict (1003) when local changes or merge conflicts block
 * the operation; PermissionDenied (1005) when the remote refuses the credentials; Unavailable
 * (1009) when the remote cannot be reached; OutsideWorkspace (1004) for hostile paths or trees.
 */
@JsonSegment("git")
public interface GitService {

    /**
     * Branch, upstream distance and per-file index and working-tree state; a folder holding only
     * untracked files is one entry {@code "folder/"}, as in {@code git status}.
     */
    @JsonRequest
    CompletableFuture<GitStatus> status(Empty params);

    /** Unified diff of the working tree (or the index) for one path or the whole repository. */
    @JsonRequest
    CompletableFuture<GitDiff> diff(GitDiffParams params);

    /** A file's content at HEAD, in the index, or at any commit (v1 addition, for diff views). */
    @JsonRequest
    CompletableFuture<GitShowResult> show(GitShowParams params);

    /** Adds paths (including deletions) to the index; a folder's files that are not ignored. */
    @JsonRequest
    CompletableFuture<Empty> stage(GitPathsParams params);

    /** Resets paths in the index to HEAD, keeping the working tree. */
    @JsonRequest
    CompletableFuture<Empty> unstage(GitPathsParams params);

    /**
     * Reverts working-tree changes of paths to the index; untracked files are deleted (in a
     * folder, those not ignored; nested repositories are kept).
     */
    @JsonRequest
    CompletableFuture<Empty> discard(GitPathsParams params);

    /** Commits the index with the calling user as author and committer. */
    @JsonRequest
    CompletableFuture<GitCommitResult> commit(GitCommitParams params);

    /** History, newest first, optionally of one path. */
    @JsonRequest
    CompletableFuture<GitLog> log(GitLogParams params);

    /** Who last changed each line of a file (v1 addition). */
    @JsonRequest
    CompletableFuture<GitBlame> blame(GitBlameParams params);

    /** Local and remote-tracking branches. */
    @JsonRequest
    CompletableFuture<GitBranches> branches(Empty params);

    /** Checks out a branch, remote branch (creating a tracking branch) or commit. Conflict when local changes would be overwritten. */
    @JsonRequest
    CompletableFuture<Empty> checkout(GitRefParams params);

    /** Creates a branch, by default from HEAD, and by default checks it out. */
    @JsonRequest
    CompletableFuture<Empty> createBranch(GitCreateBranchParams params);

    /** Stashes local changes (v1 addition). */
    @JsonRequest
    CompletableFuture<GitStashResult> stash(GitStashParams params);

    /** Lists stashes (v1 addition). */
    @JsonRequest
    CompletableFuture<GitStashList> stashList(Empty params);

    /** Applies a stash, optionally dropping it ("pop"); Conflict when it does not apply cleanly (v1 addition). */
    @JsonRequest
    CompletableFuture<Empty> stashApply(GitStashApplyParams params);

    /** Drops a stash (v1 addition). */
    @JsonRequest
    CompletableFuture<Empty> stashDrop(GitStashDropParams params);

    /** Clones a repository into the workspace, reporting {@code git/progress}. */
    @JsonRequest
    CompletableFuture<GitCloneResult> clone(GitCloneParams params);

    /** Fetches from a remote, reporting {@code git/progress}. */
    @JsonRequest
    CompletableFuture<Empty> fetch(GitRemoteParams params);

    /** Fetches and merges the upstream; conflicts are reported, not thrown. */
    @JsonRequest
    CompletableFuture<GitPullResult> pull(GitRemoteParams params);

    /** Pushes the current branch, reporting {@code git/progress}. */
    @JsonRequest
    CompletableFuture<GitPushResult> push(GitPushParams params);
}
