package dev.stratus.server.git;

import dev.stratus.protocol.git.GitStashEntry;
import dev.stratus.protocol.git.GitStashList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/** {@code git/stash}, {@code git/stashList}, {@code git/stashApply} and {@code git/stashDrop}. */
final class GitStashes {
    private GitStashes() {
    }

    /** Stashes local changes; returns the stash commit id, or null when there was nothing to stash. */
    static String stash(Repository repo, String message, boolean includeUntracked, PersonIdent person)
            throws GitAPIException, IOException {
        if (repo.resolve(Constants.HEAD) == null) {
            throw GitException.notFound("There is no commit to stash changes against");
        }
        var create = new Git(repo).stashCreate().setPerson(person).setIncludeUntracked(includeUntracked);
        if (message != null && !message.isBlank()) {
            create.setWorkingDirectoryMessage(message);
        }
        RevCommit stash = create.call();
        return stash == null ? null : stash.name();
    }

    static GitStashList list(Repository repo) throws GitAPIException {
        List<GitStashEntry> out = new ArrayList<>();
        int i = 0;
        for (RevCommit c : new Git(repo).stashList().call()) {
            out.add(new GitStashEntry(i++, c.name(), c.getFullMessage(), c.getCommitterIdent().getWhenAsInstant().toEpochMilli()));
        }
        return new GitStashList(out);
    }

    /** Applies stash {@code index} (restoring untracked files it holds); drops it after a clean apply when asked. */
    static void apply(Repository repo, int index, boolean drop, SafeTreeChecker checker) throws GitAPIException, IOException {
        RevCommit stash = entry(repo, index);
        for (RevCommit parent : stash.getParents()) {
            checker.requireSafeTree(repo, parent);
        }
        checker.requireSafeTree(repo, stash);
        new Git(repo).stashApply().setStashRef(stash.name()).setRestoreUntracked(true).call();
        if (drop) {
            new Git(repo).stashDrop().setStashRef(index).call();
        }
    }

    static void drop(Repository repo, int index) throws GitAPIException, IOException {
        entry(repo, index);
        new Git(repo).stashDrop().setStashRef(index).call();
    }

    private static RevCommit entry(Repository repo, int index) throws GitAPIException {
        if (index < 0) {
            throw GitException.invalid("index must not be negative");
        }
        List<RevCommit> stashes = new ArrayList<>(new Git(repo).stashList().call());
        if (index >= stashes.size()) {
            throw GitException.notFound("No stash at index " + index);
        }
        return stashes.get(index);
    }
}
