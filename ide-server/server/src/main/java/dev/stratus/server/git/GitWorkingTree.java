package dev.stratus.server.git;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.CheckoutCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.StatusCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/** {@code git/stage}, {@code git/unstage} and {@code git/discard} on repository paths ("" is everything). */
final class GitWorkingTree {
    private GitWorkingTree() {
    }

    /** Adds new and changed files under the paths to the index and records deletions, like {@code git add}. */
    static void stage(Repository repo, List<String> paths) throws GitAPIException {
        Git git = new Git(repo);
        var add = git.add();
        var update = git.add().setUpdate(true);
        for (String p : paths) {
            add.addFilepattern(p.isEmpty() ? "." : p);
            update.addFilepattern(p.isEmpty() ? "." : p);
        }
        add.call();
        update.call();
    }

    /** Resets the paths' index entries to HEAD (removes them from the index before the first commit). */
    static void unstage(Repository repo, List<String> paths) throws GitAPIException, IOException {
        Git git = new Git(repo);
        if (repo.resolve(Constants.HEAD) == null) {
            var rm = git.rm().setCached(true);
            DirCache index = repo.readDirCache();
            boolean any = false;
            for (String p : paths) {
                for (int i = 0; i < index.getEntryCount(); i++) {
                    String entry = index.getEntry(i).getPathString();
                    if (p.isEmpty() || entry.equals(p) || entry.startsWith(p + "/")) {
                        rm.addFilepattern(entry);
                        any = true;
                    }
                }
            }
            if (any) {
                rm.call();
            }
            return;
        }
        ResetCommand reset = git.reset().setRef(Constants.HEAD);
        if (!paths.contains("")) {
            paths.forEach(reset::addPath);
        }
        reset.call();
    }

    /**
     * Reverts the paths' working-tree files to the index and deletes untracked files under them;
     * a path may be an untracked folder (its ignored files and nested repositories stay). A staged
     * new file keeps its staged content and stays staged.
     */
    static void discard(Repository repo, Path root, List<String> paths, SafeTreeChecker checker)
            throws GitAPIException, IOException {
        Git git = new Git(repo);
        DirCache index = repo.readDirCache();
        for (String p : paths) {
            checker.requireSafeIndex(index, p);
        }
        StatusCommand statusCommand = git.status();
        if (!paths.contains("")) {
            paths.forEach(statusCommand::addPath);
        }
        var status = statusCommand.call();
        Set<String> restore = new TreeSet<>();
        restore.addAll(status.getModified());
        restore.addAll(status.getMissing());
        if (!restore.isEmpty()) {
            CheckoutCommand checkout = git.checkout();
            restore.forEach(checkout::addPath);
            checkout.call();
        }
        Set<Path> parents = new TreeSet<>();
        for (String untracked : status.getUntracked()) {
            Path file = root.resolve(untracked);
            // A folder here is a nested repository: its history is not ours to delete (git clean
            // -fd leaves it too). Every other entry is a file or a link, deleted as itself.
            if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(file);
                parents.add(file.getParent());
            }
        }
        for (Path dir : parents) {
            pruneEmpty(dir, root);
        }
    }

    /** Removes folders that deleting untracked files left empty, up to the workspace root. */
    private static void pruneEmpty(Path dir, Path root) throws IOException {
        while (dir != null && !dir.equals(root) && dir.startsWith(root)
                && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && isEmpty(dir)) {
            Files.delete(dir);
            dir = dir.getParent();
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
