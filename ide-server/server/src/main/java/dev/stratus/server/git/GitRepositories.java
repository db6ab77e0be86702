package dev.stratus.server.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The open JGit repository of each workspace, shared by all of its connections and closed with
 * the server. Only a {@code .git} folder directly in the workspace root counts: the search never
 * goes up to a parent folder, and a {@code .git} that is a file or a symlink (a linked worktree
 * or submodule whose git directory lies elsewhere) is not followed, so no git directory outside
 * the workspace is ever read or written. Every repository is opened with {@link NoProcessFS}.
 */
public final class GitRepositories implements AutoCloseable {
    private final Map<Path, Entry> open = new HashMap<>();
    private boolean closed;

    /**
     * One use of an open repository, with the lock its writers take so one workspace's index has
     * one writer. Closing the lease releases this use: a repository replaced meanwhile (its
     * {@code .git} deleted and created again) is closed by JGit once its last lease is closed.
     */
    record Lease(Repository repository, ReentrantLock writeLock) implements AutoCloseable {
        @Override
        public void close() {
            repository.close();
        }
    }

    private record Key(Object fileKey, Object created) {
    }

    private record Entry(Key key, Repository repository, ReentrantLock writeLock) {
    }

    /** The repository at {@code root}, opening it on first use; empty when the root is not one. */
    synchronized Optional<Lease> find(Path root) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        Path gitDir = root.resolve(".git");
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(gitDir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            forget(root);
            return Optional.empty();
        }
        if (!attrs.isDirectory() || !Files.isRegularFile(gitDir.resolve("HEAD"), LinkOption.NOFOLLOW_LINKS)) {
            forget(root);
            return Optional.empty();
        }
        // The identity of the .git folder, so a repository deleted and created again is reopened.
        // Inode numbers are reused at once, so the birth time is part of it. Where a file system
        // has no birth time Java reports the modification time instead: the repository is then
        // reopened more often than needed, which costs time but is still correct.
        Key key = new Key(attrs.fileKey(), attrs.creationTime());
        Entry entry = open.get(root);
        if (entry != null && entry.key().equals(key)) {
            entry.repository().incrementOpen();
            return Optional.of(new Lease(entry.repository(), entry.writeLock()));
        }
        forget(root);
        try {
            Repository repo = new FileRepositoryBuilder().setFS(new NoProcessFS()).setGitDir(gitDir.toFile())
                    .setWorkTree(root.toFile()).setMustExist(true).build();
            Entry created = new Entry(key, repo, new ReentrantLock());
            open.put(root, created);
            repo.incrementOpen();
            return Optional.of(new Lease(repo, created.writeLock()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the cached repository of {@code root}, if any (after a clone replaced it). */
    synchronized void forget(Path root) {
        Entry old = open.remove(root);
        if (old != null) {
            old.repository().close();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        open.values().forEach(e -> e.repository().close());
        open.clear();
    }
}
