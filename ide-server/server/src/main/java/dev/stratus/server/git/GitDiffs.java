package dev.stratus.server.git;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.git.GitShowResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** {@code git/diff} (unified patches) and {@code git/show} (a file at a ref). */
final class GitDiffs {
    private GitDiffs() {
    }

    /** Working tree against index, or (staged) index against HEAD, limited to {@code path} ("" for all). */
    static String diff(Repository repo, String path, boolean staged) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffFormatter df = new DiffFormatter(out); RevWalk rw = new RevWalk(repo)) {
            df.setRepository(repo);
            df.setDetectRenames(true);
            AbstractTreeIterator oldTree;
            AbstractTreeIterator newTree;
            TreeFilter filter = path.isEmpty() ? TreeFilter.ALL : PathFilter.create(path);
            if (staged) {
                oldTree = headTree(repo, rw);
                newTree = new DirCacheIterator(repo.readDirCache());
            } else {
                oldTree = new DirCacheIterator(repo.readDirCache());
                newTree = new FileTreeIterator(repo);
                // Like git diff: untracked files are not part of the working tree diff.
                filter = AndTreeFilter.create(filter, new TrackedOnly());
            }
            df.setPathFilter(filter);
            df.format(df.scan(oldTree, newTree));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The content of {@code path} at {@code ref}: HEAD, INDEX or any commit-ish. */
    static GitShowResult show(Repository repo, String path, String ref, long maxBytes) throws IOException {
        ObjectId blob = "INDEX".equals(ref) ? indexBlob(repo.readDirCache(), path) : treeBlob(repo, path, ref);
        if (blob == null) {
            return new GitShowResult(false, false, null);
        }
        byte[] bytes;
        try (ObjectReader reader = repo.newObjectReader()) {
            bytes = reader.open(blob, Constants.OBJ_BLOB).getCachedBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes));
        } catch (LargeObjectException e) {
            throw new GitException(ProtocolError.TOO_LARGE, "File is larger than " + maxBytes + " bytes: " + GitException.display(path));
        }
        if (RawText.isBinary(bytes)) {
            return new GitShowResult(true, true, null);
        }
        return new GitShowResult(true, false, new String(bytes, StandardCharsets.UTF_8));
    }

    private static ObjectId indexBlob(DirCache index, String path) {
        DirCacheEntry entry = index.getEntry(path);
        if (entry == null) {
            int first = index.findEntry(path);
            // An unmerged path has no stage 0 entry: show "ours" (stage 2), as git show :2:path.
            for (int i = first < 0 ? -first - 1 : first; i < index.getEntryCount(); i++) {
                DirCacheEntry e = index.getEntry(i);
                if (!e.getPathString().equals(path)) {
                    break;
                }
                if (e.getStage() == DirCacheEntry.STAGE_2) {
                    entry = e;
                }
            }
        }
        return entry == null || entry.getFileMode() == FileMode.GITLINK ? null : entry.getObjectId();
    }

    private static ObjectId treeBlob(Repository repo, String path, String ref) throws IOException {
        String name = ref == null ? Constants.HEAD : ref;
        ObjectId id = GitRefs.resolveCommitOrNull(repo, name);
        if (id == null) {
            if (Constants.HEAD.equals(name) && repo.resolve(Constants.HEAD) == null) {
                return null;
            }
            throw GitException.notFound("Unknown ref: " + GitException.display(name));
        }
        try (RevWalk rw = new RevWalk(repo)) {
            RevCommit commit = rw.parseCommit(id);
            try (TreeWalk tw = TreeWalk.forPath(repo, path, commit.getTree())) {
                if (tw == null || tw.isSubtree() || (tw.getRawMode(0) & FileMode.TYPE_MASK) == FileMode.TYPE_GITLINK) {
                    return null;
                }
                return tw.getObjectId(0);
            }
        }
    }

    static AbstractTreeIterator headTree(Repository repo, RevWalk rw) throws IOException {
        ObjectId head = repo.resolve(Constants.HEAD);
        if (head == null) {
            return new EmptyTreeIterator();
        }
        CanonicalTreeParser p = new CanonicalTreeParser();
        p.reset(rw.getObjectReader(), rw.parseCommit(head).getTree());
        return p;
    }

    /** Keeps paths the index (tree 0 of the walk) knows, and every folder, so untracked files drop out. */
    private static final class TrackedOnly extends TreeFilter {
        @Override
        public boolean include(TreeWalk walker) {
            return walker.isSubtree() || walker.getRawMode(0) != 0;
        }

        @Override
        public boolean shouldBeRecursive() {
            return true;
        }

        @Override
        public TreeFilter clone() {
            return this;
        }
    }
}
