package dev.stratus.server.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
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

    /** An open repository and the lock its writers take, so one workspace's index has one writer. */
    record Handle(Repository repository, ReentrantLock writeLock) {
    }

    private record Entry(Object gitDirKey, Handle handle) {
    }

    /** The repository at {@code root}, opening it on first use; empty when the root is not one. */
    synchronized Optional<Handle> find(Path root) {
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
        // The identity of the .git folder: a repository deleted and created again is reopened.
        Object key = Objects.requireNonNullElse(attrs.fileKey(), attrs.creationTime());
        Entry entry = open.get(root);
        if (entry != null && entry.gitDirKey().equals(key)) {
            return Optional.of(entry.handle());
        }
        forget(root);
        try {
            Repository repo = new FileRepositoryBuilder().setFS(new NoProcessFS()).setGitDir(gitDir.toFile())
                    .setWorkTree(root.toFile()).setMustExist(true).build();
            Handle handle = new Handle(repo, new ReentrantLock());
            open.put(root, new Entry(key, handle));
            return Optional.of(handle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the cached repository of {@code root}, if any (after a clone replaced it). */
    synchronized void forget(Path root) {
        Entry old = open.remove(root);
        if (old != null) {
            old.handle().repository().close();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        open.values().forEach(e -> e.handle().repository().close());
        open.clear();
    }
}
