package dev.stratus.server.git;

import java.io.File;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The extra filter of an {@link IndexDiff} walk that keeps it out of folders only the working
 * tree has, as C git's default status ({@code -unormal}) does: walking and reporting each file of
 * a new {@code node_modules/} costs time in proportion to its size, and git shows it as one line.
 * A folder that neither HEAD nor the index has anything in, and that is not ignored, is recorded
 * as {@code "folder/"} when at least one file below it is not ignored (the search stops at the
 * first), and is never entered. A nested repository (a folder with its own {@code .git}) is
 * recorded the same way, as git does. Folders HEAD or the index know are walked as before, so
 * every tracked path is still compared.
 *
 * <p>The walk's working tree must be a {@link WorkingTree}. One instance serves one
 * {@link IndexDiff#diff()}: it collects the folders as it goes. IndexDiff also hands its filter
 * to its walk over submodules, which has only the index tree; there it lets everything through.
 */
final class UntrackedFolderFilter extends TreeFilter {
    private static final int HEAD = 0;
    private static final int INDEX = 1;
    private static final int WORKTREE = 2;

    private final List<String> folders = new ArrayList<>();

    /** The untracked folders found, as repository paths ending in {@code /}, in walk order. */
    List<String> folders() {
        return folders;
    }

    @Override
    public boolean include(TreeWalk walker) throws IOException {
        if (walker.getTreeCount() <= WORKTREE || walker.getRawMode(HEAD) != 0 || walker.getRawMode(INDEX) != 0
                || !isFolder(walker.getRawMode(WORKTREE))) {
            return true;
        }
        WorkingTree folder = walker.getTree(WORKTREE, WorkingTree.class);
        if (folder == null) {
            return true;
        }
        String path = walker.getPathString();
        if (!folder.isEntryIgnoredAsFolder()
                && (FileMode.GITLINK.equals(folder.getEntryRawMode()) || containsUntrackedFile(folder, walker.getObjectReader()))) {
            folders.add(path + "/");
        }
        return false;
    }

    /**
     * Whether the folder at the iterator's current entry holds a file (or a link, or a nested
     * repository) that is not ignored, at any depth; depth first, stopping at the first. Ignored
     * folders are not entered, as in git. A folder's iterator moves on only once the subfolder it
     * stands on is done: child iterators write their names after the parent's in a shared buffer.
     */
    private static boolean containsUntrackedFile(WorkingTree folder, ObjectReader reader) throws IOException {
        Deque<WorkingTree> open = new ArrayDeque<>();
        open.push((WorkingTree) folder.createSubtreeIterator(reader));
        while (!open.isEmpty()) {
            WorkingTree dir = open.peek();
            if (dir.eof()) {
                open.pop();
                if (!open.isEmpty()) {
                    open.peek().next(1);
                }
                continue;
            }
            int mode = dir.getEntryRawMode();
            if (isFolder(mode) ? dir.isEntryIgnoredAsFolder() : dir.isEntryIgnored()) {
                dir.next(1);
            } else if (FileMode.TREE.equals(mode)) {
                open.push((WorkingTree) dir.createSubtreeIterator(reader));
            } else {
                return true;
            }
        }
        return false;
    }

    /** A folder, or a nested repository (a gitlink to JGit, a folder to git's ignore rules). */
    private static boolean isFolder(int mode) {
        return FileMode.TREE.equals(mode) || FileMode.GITLINK.equals(mode);
    }

    @Override
    public boolean shouldBeRecursive() {
        return false;
    }

    /** The same instance: its findings belong to the one walk that uses it. */
    @Override
    public TreeFilter clone() {
        return this;
    }

    @Override
    public String toString() {
        return "UNTRACKED_FOLDERS";
    }

    /**
     * {@link FileTreeIterator} that can ask git's question about a nested repository: is it
     * ignored as a folder? JGit matches ignore rules against a nested repository as a file, so a
     * {@code vendor/} rule would not hide {@code vendor} with its own {@code .git}; git's would.
     */
    static final class WorkingTree extends FileTreeIterator {
        WorkingTree(Repository repo) {
            super(repo);
        }

        private WorkingTree(WorkingTree parent, File folder) {
            super(parent, folder, parent.fs, parent.fileModeStrategy);
        }

        @Override
        protected AbstractTreeIterator enterSubtree() {
            return new WorkingTree(this, getEntryFile());
        }

        /** {@link #isEntryIgnored()} of the current entry taken as a folder. */
        boolean isEntryIgnoredAsFolder() throws IOException {
            int entryMode = mode;
            mode = FileMode.TREE.getBits();
            try {
                return isEntryIgnored();
            } finally {
                mode = entryMode;
            }
        }
    }
}
