package dev.stratus.server.git;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.git.GitBranch;
import dev.stratus.protocol.git.GitBranches;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.api.CreateBranchCommand.SetupUpstreamMode;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.BranchConfig;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/** {@code git/branches}, {@code git/checkout} and {@code git/createBranch}. */
final class GitBranching {
    private GitBranching() {
    }

    static GitBranches branches(Repository repo) throws IOException {
        List<GitBranch> local = new ArrayList<>();
        for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
            String name = Repository.shortenRefName(r.getName());
            String upstream = new BranchConfig(repo.getConfig(), name).getTrackingBranch();
            local.add(new GitBranch(name, false, id(r), upstream == null ? null : Repository.shortenRefName(upstream)));
        }
        List<GitBranch> remote = new ArrayList<>();
        for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_REMOTES)) {
            if (r.isSymbolic()) {
                continue; // origin/HEAD only names the remote's default branch
            }
            remote.add(new GitBranch(Repository.shortenRefName(r.getName()), true, id(r), null));
        }
        local.sort(Comparator.comparing(GitBranch::name));
        remote.sort(Comparator.comparing(GitBranch::name));
        List<GitBranch> all = new ArrayList<>(local);
        all.addAll(remote);
        String full = repo.getFullBranch();
        String current = full != null && full.startsWith(Constants.R_HEADS) ? Repository.shortenRefName(full) : null;
        return new GitBranches(current, all);
    }

    /**
     * Checks out a local branch; a remote-tracking branch ({@code origin/x}), or a name only a
     * remote has, through a new local branch tracking it; anything else (tag, commit) detached.
     */
    static void checkout(Repository repo, String ref, SafeTreeChecker checker) throws GitAPIException, IOException {
        Git git = new Git(repo);
        if (ref == null || ref.isBlank()) {
            throw GitException.invalid("ref must not be blank");
        }
        Ref local = repo.exactRef(Constants.R_HEADS + ref);
        if (local != null && Repository.isValidRefName(local.getName())) {
            checker.requireSafeTree(repo, local.getObjectId());
            git.checkout().setName(local.getName()).call();
            return;
        }
        Ref remote = remoteBranch(repo, ref);
        if (remote != null) {
            String remoteName = Repository.shortenRefName(remote.getName());
            String localName = remoteName.substring(remoteName.indexOf('/') + 1);
            checker.requireSafeTree(repo, remote.getObjectId());
            if (repo.exactRef(Constants.R_HEADS + localName) != null) {
                git.checkout().setName(localName).call();
                return;
            }
            GitRefs.requireValidBranchName(localName);
            git.checkout().setCreateBranch(true).setName(localName).setStartPoint(remote.getName())
                    .setUpstreamMode(SetupUpstreamMode.TRACK).call();
            return;
        }
        ObjectId commit = GitRefs.resolveCommit(repo, ref);
        checker.requireSafeTree(repo, commit);
        git.checkout().setName(commit.name()).call();
    }

    /** {@code origin/x} itself, or the only {@code <remote>/x} when {@code x} names no local branch. */
    private static Ref remoteBranch(Repository repo, String ref) throws IOException {
        Ref exact = repo.exactRef(Constants.R_REMOTES + ref);
        if (exact != null && !exact.isSymbolic()) {
            return exact;
        }
        Ref found = null;
        for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_REMOTES)) {
            String name = r.getName().substring(Constants.R_REMOTES.length());
            if (!r.isSymbolic() && name.endsWith("/" + ref) && name.indexOf('/') == name.length() - ref.length() - 1) {
                if (found != null) {
                    return null; // ambiguous: more than one remote has it
                }
                found = r;
            }
        }
        return found;
    }

    static void createBranch(Repository repo, String name, String startPoint, boolean checkout, SafeTreeChecker checker)
            throws GitAPIException, IOException {
        GitRefs.requireValidBranchName(name);
        if (repo.exactRef(Constants.R_HEADS + name) != null) {
            throw new GitException(ProtocolError.ALREADY_EXISTS, "Branch already exists: " + GitException.display(name));
        }
        ObjectId start = startPoint == null ? repo.resolve(Constants.HEAD) : GitRefs.resolveCommit(repo, startPoint);
        if (start == null) {
            throw GitException.notFound("There is no commit to start the branch from");
        }
        Git git = new Git(repo);
        if (checkout) {
            checker.requireSafeTree(repo, start);
            git.checkout().setCreateBranch(true).setName(name).setStartPoint(start.name()).call();
        } else {
            git.branchCreate().setName(name).setStartPoint(start.name()).call();
        }
    }

    private static String id(Ref r) {
        ObjectId id = r.getObjectId();
        return id == null ? null : id.name();
    }
}
