package dev.stratus.server.git;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.git.GitCredentials;
import dev.stratus.protocol.git.GitPullResult;
import dev.stratus.protocol.git.GitPushResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand.FastForwardMode;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.BranchConfig;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code git/clone}, {@code git/fetch}, {@code git/pull} and {@code git/push}. Submodules are never fetched. */
final class GitRemotes {
    private static final Logger LOG = LoggerFactory.getLogger(GitRemotes.class);
    private final GitTransports transports;
    private final SafeTreeChecker checker;

    GitRemotes(GitTransports transports, SafeTreeChecker checker) {
        this.transports = transports;
        this.checker = checker;
    }

    /** Clones into {@code target}, which must be missing or an empty folder. */
    void cloneInto(Path target, String url, GitCredentials explicit, boolean remember, ProgressMonitor monitor) throws Exception {
        GitTransports.Remote remote = GitTransports.parseUrl(url, explicit);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !isEmptyDirectory(target)) {
            throw new GitException(ProtocolError.ALREADY_EXISTS, "The target folder exists and is not empty");
        }
        Optional<GitCredentials> credentials = transports.credentialsFor(remote.uri(), remote.credentials());
        var clone = Git.cloneRepository().setURI(remote.uri().toString()).setDirectory(target.toFile())
                .setFs(new NoProcessFS()).setCloneSubmodules(false).setProgressMonitor(monitor);
        withCredentials(remote.uri(), remote.credentials(), remember, () -> {
            // Every object the clone receives passes SafeTreeChecker before anything is checked out.
            try (Git git = transports.configure(clone, remote.uri(), credentials).call()) {
                return git;
            }
        });
        LOG.info("Cloned {} into {}", remote.uri(), target);
    }

    void fetch(Repository repo, String remoteParam, GitCredentials explicit, boolean remember, ProgressMonitor monitor) throws Exception {
        String remote = remoteName(repo, remoteParam);
        URIish uri = urls(repo, remote).fetch();
        Optional<GitCredentials> credentials = transports.credentialsFor(uri, explicit);
        FetchCommand fetch = new Git(repo).fetch().setRemote(remote).setProgressMonitor(monitor).setCheckFetchedObjects(true)
                .setRecurseSubmodules(FetchRecurseSubmodulesMode.NO);
        withCredentials(uri, explicit, remember, () -> transports.configure(fetch, uri, credentials).call());
    }

    /** Fetches, then merges the branch's upstream; conflicts are returned, not thrown. */
    GitPullResult pull(Repository repo, String remoteParam, GitCredentials explicit, boolean remember, PersonIdent person,
                       ProgressMonitor monitor) throws Exception {
        String branch = currentBranch(repo);
        String tracking = new BranchConfig(repo.getConfig(), branch).getRemoteTrackingBranch();
        if (tracking == null) {
            throw GitException.notFound("The branch " + GitException.display(branch) + " has no upstream branch");
        }
        fetch(repo, remoteParam, explicit, remember, monitor);
        Ref upstream = repo.exactRef(tracking);
        if (upstream == null) {
            throw GitException.notFound("The upstream branch " + GitException.display(Repository.shortenRefName(tracking)) + " does not exist");
        }
        checker.requireSafeTree(repo, upstream.getObjectId());
        MergeResult merge = new Git(repo).merge().include(upstream).setCommit(false).setFastForward(FastForwardMode.FF)
                .setProgressMonitor(monitor).call();
        return switch (merge.getMergeStatus()) {
            case ALREADY_UP_TO_DATE -> new GitPullResult(false, List.of());
            case FAST_FORWARD, FAST_FORWARD_SQUASHED, MERGED, MERGED_SQUASHED -> new GitPullResult(true, List.of());
            case MERGED_NOT_COMMITTED -> {
                GitHistory.commit(repo, repo.readMergeCommitMsg(), false, person);
                yield new GitPullResult(true, List.of());
            }
            case CONFLICTING -> new GitPullResult(true, merge.getConflicts().keySet().stream().sorted().toList());
            case FAILED, CHECKOUT_CONFLICT -> throw GitException.conflict("Local changes would be overwritten by the pull: "
                    + String.join(", ", merge.getFailingPaths() != null ? merge.getFailingPaths().keySet()
                    : merge.getCheckoutConflicts() != null ? merge.getCheckoutConflicts() : List.of()));
            default -> throw GitException.conflict("The pull could not merge: " + merge.getMergeStatus());
        };
    }

    /** Pushes the current branch to its upstream branch on the remote, or to the same name. */
    GitPushResult push(Repository repo, String remoteParam, boolean setUpstream, GitCredentials explicit, boolean remember,
                       ProgressMonitor monitor) throws Exception {
        String branch = currentBranch(repo);
        String remote = remoteName(repo, remoteParam);
        URIish uri = urls(repo, remote).push();
        BranchConfig bc = new BranchConfig(repo.getConfig(), branch);
        String target = remote.equals(bc.getRemote()) && bc.getMerge() != null ? bc.getMerge() : Constants.R_HEADS + branch;
        Optional<GitCredentials> credentials = transports.credentialsFor(uri, explicit);
        var push = new Git(repo).push().setRemote(remote).setRefSpecs(new RefSpec(Constants.R_HEADS + branch + ":" + target))
                .setProgressMonitor(monitor);
        Iterable<PushResult> results = withCredentials(uri, explicit, remember,
                () -> transports.configure(push, uri, credentials).call());
        List<String> rejected = new ArrayList<>();
        for (PushResult r : results) {
            for (RemoteRefUpdate u : r.getRemoteUpdates()) {
                if (u.getStatus() != RemoteRefUpdate.Status.OK && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                    rejected.add(Repository.shortenRefName(u.getRemoteName()) + ": " + u.getStatus().name().toLowerCase()
                            + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")"));
                }
            }
        }
        if (setUpstream && rejected.isEmpty()) {
            StoredConfig config = repo.getConfig();
            config.setString("branch", branch, "remote", remote);
            config.setString("branch", branch, "merge", target);
            config.save();
        }
        return new GitPushResult(rejected);
    }

    private <T> T withCredentials(URIish uri, GitCredentials explicit, boolean remember, Callable<T> work) throws Exception {
        try {
            T result = work.call();
            transports.succeeded(uri, explicit, remember);
            return result;
        } catch (Exception e) {
            RuntimeException translated = GitErrors.translate(e);
            // URIish.toString() never includes a password; credentials are never in the URI here anyway.
            LOG.info("git with {} failed: {}", uri, translated.getMessage());
            if (translated instanceof GitException g && g.reason() == ProtocolError.PERMISSION_DENIED) {
                transports.refused(uri, explicit);
            }
            throw translated;
        }
    }

    private record Urls(URIish fetch, URIish push) {
    }

    private static Urls urls(Repository repo, String remote) throws URISyntaxException {
        GitTransports.remoteUrls(repo, remote);
        RemoteConfig rc = new RemoteConfig(repo.getConfig(), remote);
        URIish fetch = rc.getURIs().isEmpty() ? rc.getPushURIs().getFirst() : rc.getURIs().getFirst();
        URIish push = rc.getPushURIs().isEmpty() ? fetch : rc.getPushURIs().getFirst();
        return new Urls(fetch, push);
    }

    /** The named remote, else the current branch's, else {@code origin}; it must be configured. */
    private static String remoteName(Repository repo, String param) throws IOException {
        String name = param;
        if (name == null || name.isBlank()) {
            String full = repo.getFullBranch();
            String configured = full != null && full.startsWith(Constants.R_HEADS)
                    ? new BranchConfig(repo.getConfig(), Repository.shortenRefName(full)).getRemote() : null;
            name = configured == null || configured.equals(".") ? Constants.DEFAULT_REMOTE_NAME : configured;
        }
        if (!repo.getConfig().getSubsections("remote").contains(name)) {
            throw GitException.notFound("No such remote: " + GitException.display(name));
        }
        return name;
    }

    private static String currentBranch(Repository repo) throws IOException {
        String full = repo.getFullBranch();
        if (full == null || !full.startsWith(Constants.R_HEADS)) {
            throw GitException.conflict("HEAD is detached: check out a branch first");
        }
        return Repository.shortenRefName(full);
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
