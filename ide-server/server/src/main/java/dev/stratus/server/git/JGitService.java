package dev.stratus.server.git;

import dev.stratus.protocol.Empty;
import dev.stratus.protocol.git.GitBlame;
import dev.stratus.protocol.git.GitBlameParams;
import dev.stratus.protocol.git.GitBranches;
import dev.stratus.protocol.git.GitClient;
import dev.stratus.protocol.git.GitCloneParams;
import dev.stratus.protocol.git.GitCloneResult;
import dev.stratus.protocol.git.GitCommitParams;
import dev.stratus.protocol.git.GitCommitResult;
import dev.stratus.protocol.git.GitCreateBranchParams;
import dev.stratus.protocol.git.GitDiff;
import dev.stratus.protocol.git.GitDiffParams;
import dev.stratus.protocol.git.GitLog;
import dev.stratus.protocol.git.GitLogParams;
import dev.stratus.protocol.git.GitPathsParams;
import dev.stratus.protocol.git.GitPullResult;
import dev.stratus.protocol.git.GitPushParams;
import dev.stratus.protocol.git.GitPushResult;
import dev.stratus.protocol.git.GitRefParams;
import dev.stratus.protocol.git.GitRemoteParams;
import dev.stratus.protocol.git.GitService;
import dev.stratus.protocol.git.GitShowParams;
import dev.stratus.protocol.git.GitShowResult;
import dev.stratus.protocol.git.GitStashApplyParams;
import dev.stratus.protocol.git.GitStashDropParams;
import dev.stratus.protocol.git.GitStashList;
import dev.stratus.protocol.git.GitStashParams;
import dev.stratus.protocol.git.GitStashResult;
import dev.stratus.protocol.git.GitStatus;
import dev.stratus.server.auth.Principal;
import dev.stratus.server.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;

/**
 * {@link GitService} of one RPC connection, on the repository at the workspace root. Every call
 * runs on the given executor (virtual threads), never on the I/O thread; calls that change the
 * index, HEAD or the working tree hold the repository's write lock. Commits are made as the
 * calling user: name from the account, e-mail {@code <name>@localhost} (accounts have no e-mail
 * address yet). Closing the service cancels its running clone, fetch, pull or push.
 */
public final class JGitService implements GitService, AutoCloseable {
    private final Path root;
    private final Principal user;
    private final GitClient client;
    private final GitRepositories repositories;
    private final GitConfig config;
    private final Executor executor;
    private final RepoPaths paths;
    private final SafeTreeChecker checker = new SafeTreeChecker();
    private final GitRemotes remotes;
    private volatile boolean closed;

    public JGitService(Workspace workspace, Principal user, GitClient client, GitRepositories repositories,
                       GitCredentialStore credentials, GitConfig config, Executor executor) {
        this.root = workspace.root();
        this.user = user;
        this.client = client;
        this.repositories = repositories;
        this.config = config;
        this.executor = executor;
        this.paths = new RepoPaths(root);
        this.remotes = new GitRemotes(new GitTransports(user.userId(), credentials, config), checker);
    }

    @Override
    public CompletableFuture<GitStatus> status(Empty params) {
        return async(() -> {
            var found = repositories.find(root);
            if (found.isEmpty()) {
                return GitStatusReader.notARepository();
            }
            try (GitRepositories.Lease lease = found.get()) {
                return GitStatusReader.read(lease.repository());
            }
        });
    }

    @Override
    public CompletableFuture<GitDiff> diff(GitDiffParams params) {
        return read(repo -> {
            String path = required(params).path() == null ? "" : paths.of(params.path(), "path");
            return new GitDiff(GitDiffs.diff(repo, path, Boolean.TRUE.equals(params.staged())));
        });
    }

    @Override
    public CompletableFuture<GitShowResult> show(GitShowParams params) {
        return read(repo -> {
            String path = paths.of(required(params).path(), "path");
            if (path.isEmpty()) {
                throw GitException.invalid("path must name a file");
            }
            return GitDiffs.show(repo, path, params.ref(), config.maxShowBytes());
        });
    }

    @Override
    public CompletableFuture<Empty> stage(GitPathsParams params) {
        return write(repo -> {
            GitWorkingTree.stage(repo, pathList(params));
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Empty> unstage(GitPathsParams params) {
        return write(repo -> {
            GitWorkingTree.unstage(repo, pathList(params));
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Empty> discard(GitPathsParams params) {
        return write(repo -> {
            GitWorkingTree.discard(repo, root, pathList(params), checker);
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<GitCommitResult> commit(GitCommitParams params) {
        return write(repo -> new GitCommitResult(GitHistory.commit(repo, required(params).message(),
                Boolean.TRUE.equals(params.amend()), person())));
    }

    @Override
    public CompletableFuture<GitLog> log(GitLogParams params) {
        return read(repo -> {
            String path = required(params).path() == null ? "" : paths.of(params.path(), "path");
            int max = params.maxCount() == null ? config.defaultLogCount() : params.maxCount();
            if (max < 1 || max > config.maxLogCount()) {
                throw GitException.invalid("maxCount must be between 1 and " + config.maxLogCount());
            }
            return GitHistory.log(repo, path, max);
        });
    }

    @Override
    public CompletableFuture<GitBlame> blame(GitBlameParams params) {
        return read(repo -> GitHistory.blame(repo, root, paths.of(required(params).path(), "path"), config.maxShowBytes()));
    }

    @Override
    public CompletableFuture<GitBranches> branches(Empty params) {
        return read(GitBranching::branches);
    }

    @Override
    public CompletableFuture<Empty> checkout(GitRefParams params) {
        return write(repo -> {
            GitBranching.checkout(repo, required(params).ref(), checker);
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Empty> createBranch(GitCreateBranchParams params) {
        return write(repo -> {
            GitBranching.createBranch(repo, required(params).name(), params.startPoint(), !Boolean.FALSE.equals(params.checkout()), checker);
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<GitStashResult> stash(GitStashParams params) {
        return write(repo -> new GitStashResult(GitStashes.stash(repo, required(params).message(),
                Boolean.TRUE.equals(params.includeUntracked()), person())));
    }

    @Override
    public CompletableFuture<GitStashList> stashList(Empty params) {
        return read(GitStashes::list);
    }

    @Override
    public CompletableFuture<Empty> stashApply(GitStashApplyParams params) {
        return write(repo -> {
            GitStashes.apply(repo, required(params).index() == null ? 0 : params.index(), Boolean.TRUE.equals(params.drop()), checker);
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Empty> stashDrop(GitStashDropParams params) {
        return write(repo -> {
            if (required(params).index() == null) {
                throw GitException.invalid("index is required");
            }
            GitStashes.drop(repo, params.index());
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<GitCloneResult> clone(GitCloneParams params) {
        return async(() -> {
            String directory = required(params).directory() == null ? "" : paths.of(params.directory(), "directory");
            remotes.cloneInto(directory.isEmpty() ? root : root.resolve(directory), params.url(), params.credentials(),
                    Boolean.TRUE.equals(params.rememberCredentials()), monitor("clone"));
            return new GitCloneResult(directory);
        });
    }

    @Override
    public CompletableFuture<Empty> fetch(GitRemoteParams params) {
        return read(repo -> {
            remotes.fetch(repo, required(params).remote(), params.credentials(), Boolean.TRUE.equals(params.rememberCredentials()),
                    monitor("fetch"));
            return Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<GitPullResult> pull(GitRemoteParams params) {
        return write(repo -> remotes.pull(repo, required(params).remote(), params.credentials(),
                Boolean.TRUE.equals(params.rememberCredentials()), person(), monitor("pull")));
    }

    @Override
    public CompletableFuture<GitPushResult> push(GitPushParams params) {
        return write(repo -> remotes.push(repo, required(params).remote(), Boolean.TRUE.equals(params.setUpstream()),
                params.credentials(), Boolean.TRUE.equals(params.rememberCredentials()), monitor("push")));
    }

    @Override
    public void close() {
        closed = true;
    }

    private PersonIdent person() {
        String local = user.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return new PersonIdent(user.name(), (local.isEmpty() ? "user" : local) + "@localhost");
    }

    private ProgressMonitor monitor(String operation) {
        return new ThrottledProgressMonitor(client, operation, config.progressInterval(), System::nanoTime, () -> closed);
    }

    private List<String> pathList(GitPathsParams params) {
        if (required(params).paths() == null || params.paths().isEmpty()) {
            throw GitException.invalid("paths must name at least one path");
        }
        List<String> out = new ArrayList<>();
        for (String p : params.paths()) {
            out.add(paths.of(p, "paths"));
        }
        return out;
    }

    /** Work on the repository that must exist. */
    @FunctionalInterface
    private interface RepoWork<T> {
        T run(Repository repo) throws Exception;
    }

    private <T> CompletableFuture<T> read(RepoWork<T> work) {
        return async(() -> {
            try (GitRepositories.Lease lease = lease()) {
                return work.run(lease.repository());
            }
        });
    }

    private <T> CompletableFuture<T> write(RepoWork<T> work) {
        return async(() -> {
            try (GitRepositories.Lease lease = lease()) {
                lease.writeLock().lock();
                try {
                    return work.run(lease.repository());
                } finally {
                    lease.writeLock().unlock();
                }
            }
        });
    }

    private GitRepositories.Lease lease() {
        return repositories.find(root).orElseThrow(() -> GitException.notFound("The workspace is not a git repository"));
    }

    private static <T> T required(T params) {
        if (params == null) {
            throw GitException.invalid("params object is required");
        }
        return params;
    }

    private static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (Exception e) {
            throw GitErrors.translate(e);
        }
    }

    private <T> CompletableFuture<T> async(Callable<T> work) {
        return CompletableFuture.supplyAsync(() -> call(work), executor);
    }
}
