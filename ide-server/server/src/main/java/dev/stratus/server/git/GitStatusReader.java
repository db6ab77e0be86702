package dev.stratus.server.git;

import dev.stratus.protocol.git.GitFileState;
import dev.stratus.protocol.git.GitFileStatus;
import dev.stratus.protocol.git.GitStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.RenameDetector;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.BranchTrackingStatus;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * {@code git/status}: branch, upstream distance and per-path state, with staged renames. A folder
 * holding no tracked path is one untracked entry {@code "folder/"} ({@link UntrackedFolderFilter}).
 */
final class GitStatusReader {
    private GitStatusReader() {
    }

    static GitStatus notARepository() {
        return new GitStatus(false, null, null, null, 0, 0, List.of());
    }

    static GitStatus read(Repository repo) throws IOException {
        ObjectId head = repo.resolve(Constants.HEAD);
        String fullBranch = repo.getFullBranch();
        String branch = fullBranch != null && fullBranch.startsWith(Constants.R_HEADS) ? Repository.shortenRefName(fullBranch) : null;
        String upstream = null;
        int ahead = 0;
        int behind = 0;
        if (branch != null && head != null) {
            BranchTrackingStatus tracking = BranchTrackingStatus.of(repo, branch);
            if (tracking != null) {
                upstream = Repository.shortenRefName(tracking.getRemoteTrackingBranch());
                ahead = tracking.getAheadCount();
                behind = tracking.getBehindCount();
            }
        }
        // What StatusCommand does, plus the filter that reports untracked folders as one entry.
        IndexDiff status = new IndexDiff(repo, head, new UntrackedFolderFilter.WorkingTree(repo));
        UntrackedFolderFilter untrackedFolders = new UntrackedFolderFilter();
        status.setFilter(untrackedFolders);
        status.diff();
        Map<String, State> files = new TreeMap<>();
        status.getAdded().forEach(p -> state(files, p).index = GitFileState.ADDED);
        status.getChanged().forEach(p -> state(files, p).index = GitFileState.MODIFIED);
        status.getRemoved().forEach(p -> state(files, p).index = GitFileState.DELETED);
        status.getModified().forEach(p -> state(files, p).worktree = GitFileState.MODIFIED);
        status.getMissing().forEach(p -> state(files, p).worktree = GitFileState.DELETED);
        status.getUntracked().forEach(p -> untracked(files, p));
        untrackedFolders.folders().forEach(p -> untracked(files, p));
        status.getConflicting().forEach(p -> {
            State s = state(files, p);
            s.index = GitFileState.CONFLICTED;
            s.worktree = GitFileState.CONFLICTED;
        });
        if (!status.getAdded().isEmpty() && !status.getRemoved().isEmpty()) {
            applyStagedRenames(repo, head, files);
        }
        List<GitFileStatus> out = new ArrayList<>(files.size());
        files.forEach((path, s) -> out.add(new GitFileStatus(path, s.index, s.worktree, s.originalPath)));
        return new GitStatus(true, branch, head == null ? null : head.name(), upstream, ahead, behind, out);
    }

    /** Pairs staged deletions with staged additions of similar content, as {@code git status} does. */
    private static void applyStagedRenames(Repository repo, ObjectId head, Map<String, State> files) throws IOException {
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            if (head == null) {
                tw.addTree(new EmptyTreeIterator());
            } else {
                CanonicalTreeParser p = new CanonicalTreeParser();
                p.reset(rw.getObjectReader(), rw.parseCommit(head).getTree());
                tw.addTree(p);
            }
            tw.addTree(new DirCacheIterator(repo.readDirCache()));
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            RenameDetector renames = new RenameDetector(repo);
            renames.addAll(DiffEntry.scan(tw));
            for (DiffEntry e : renames.compute()) {
                if (e.getChangeType() != DiffEntry.ChangeType.RENAME) {
                    continue;
                }
                State renamed = files.get(e.getNewPath());
                State original = files.get(e.getOldPath());
                if (renamed == null || original == null) {
                    continue;
                }
                renamed.index = GitFileState.RENAMED;
                renamed.originalPath = e.getOldPath();
                if (original.worktree == GitFileState.UNTRACKED) {
                    original.index = GitFileState.UNTRACKED;
                } else {
                    files.remove(e.getOldPath());
                }
            }
        }
    }

    private static void untracked(Map<String, State> files, String path) {
        State s = state(files, path);
        s.worktree = GitFileState.UNTRACKED;
        if (s.index == GitFileState.UNMODIFIED) {
            s.index = GitFileState.UNTRACKED;
        }
    }

    private static State state(Map<String, State> files, String path) {
        return files.computeIfAbsent(path, p -> new State());
    }

    private static final class State {
        GitFileState index = GitFileState.UNMODIFIED;
        GitFileState worktree = GitFileState.UNMODIFIED;
        String originalPath;
    }
}
