package dev.stratus.server.fs;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.fs.FileStat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemManager;

/**
 * The file store of one workspace on Apache Commons VFS. Reading, folder creation and renames go
 * through VFS. The rest uses NIO directly, on purpose: VFS offers no fsync-and-rename write; its
 * recursive copy and delete follow symlinked directories, which would let a link inside the
 * workspace copy or delete files outside it; and its child listing decodes names twice, so a
 * folder named {@code a%25b} lists as empty.
 */
public final class VfsFileStore implements FileStore {
    private static final int LOCK_STRIPES = 64;
    private final PathGuard guard;
    private final FileSystemManager vfs;
    private final AtomicWriter writer;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final boolean onLocalDisk;

    public VfsFileStore(Path root, FileSystemManager vfs) {
        this(new PathGuard(root), vfs, new AtomicWriter());
    }

    VfsFileStore(PathGuard guard, FileSystemManager vfs, AtomicWriter writer) {
        this.guard = guard;
        this.vfs = vfs;
        this.writer = writer;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
        this.onLocalDisk = LocalDisks.isLocal(guard.root());
    }

    @Override
    public boolean onLocalDisk() {
        return onLocalDisk;
    }

    @Override
    public PathGuard guard() {
        return guard;
    }

    @Override
    public FileStat stat(String path) {
        PathGuard.Resolved r = guard.resolve(path);
        return io(path, () -> Stats.of(r.relative(), r.absolute(), true));
    }

    @Override
    public List<FileStat> list(String path) {
        PathGuard.Resolved r = guard.resolve(path);
        return io(path, () -> {
            requireDirectory(r, path);
            List<FileStat> entries = new ArrayList<>();
            try (DirectoryStream<Path> children = Files.newDirectoryStream(r.absolute())) {
                for (Path child : children) {
                    String name = child.getFileName().toString();
                    if (AtomicWriter.isStagingFile(name)) {
                        continue;
                    }
                    String rel = r.isRoot() ? name : r.relative() + "/" + name;
                    try {
                        entries.add(Stats.of(rel, child, !Files.isSymbolicLink(child) || guard.contains(child)));
                    } catch (NoSuchFileException vanished) {
                        // Deleted between listing and stat: leave it out, as a later listing would.
                    }
                }
            }
            entries.sort(Comparator.comparing(FileStat::path));
            return entries;
        });
    }

    @Override
    public Content read(String path, long maxBytes) {
        PathGuard.Resolved r = guard.resolve(path);
        return io(path, () -> {
            BasicFileAttributes before = requireFile(r, path);
            checkSize(before.size(), maxBytes, path);
            try (InputStream in = vfs(r.absolute()).getContent().getInputStream()) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                checkSize(bytes.length, maxBytes, path);
                BasicFileAttributes after = Stats.attributes(r.absolute(), true);
                // A writer that raced this read changed the version: report the older one, so
                // that a save based on this content is caught as a conflict.
                String version = Stats.version(after).equals(Stats.version(before)) ? Stats.version(after) : Stats.version(before);
                return new Content(bytes, version);
            }
        });
    }

    @Override
    public Opened openRead(String path) {
        PathGuard.Resolved r = guard.resolve(path);
        return io(path, () -> {
            requireFile(r, path);
            FileStat stat = Stats.of(r.relative(), r.absolute(), true);
            return new Opened(stat, Files.newInputStream(r.absolute()));
        });
    }

    @Override
    public String write(String path, InputStream content, long maxBytes, WriteOptions options) {
        PathGuard.Resolved r = guard.resolve(path);
        if (r.isRoot()) {
            throw new FsException(ProtocolError.IS_A_DIRECTORY, "The workspace root is a directory");
        }
        return io(path, () -> {
            Path parent = r.absolute().getParent();
            requireParentDirectory(parent, path);
            precheckWrite(r, path, options);
            Path staged = writer.stage(parent, content, maxBytes);
            ReentrantLock lock = lockFor(r.absolute());
            lock.lock();
            try {
                Path target = precheckWrite(r, path, options);
                writer.commit(staged, target);
                return Stats.version(Stats.attributes(target, true));
            } catch (IOException | RuntimeException e) {
                writer.abort(staged);
                throw e;
            } finally {
                lock.unlock();
            }
        });
    }

    /** Checks the write options against the file as it is now; returns the path to replace. */
    private Path precheckWrite(PathGuard.Resolved r, String path, WriteOptions options) throws IOException {
        BasicFileAttributes existing = Stats.attributesOrNull(r.absolute());
        if (existing == null) {
            if (!options.create()) {
                throw FsException.notFound(path);
            }
            if (options.expectedVersion() != null) {
                throw new FsException(ProtocolError.CONFLICT, "File was deleted since version "
                        + options.expectedVersion() + ": " + FsException.display(path));
            }
            return r.absolute();
        }
        if (existing.isDirectory()) {
            throw new FsException(ProtocolError.IS_A_DIRECTORY, "Is a directory: " + FsException.display(path));
        }
        if (!options.overwrite()) {
            throw FsException.exists(path);
        }
        if (options.expectedVersion() != null && !options.expectedVersion().equals(Stats.version(existing))) {
            throw new FsException(ProtocolError.CONFLICT, "File changed since version "
                    + options.expectedVersion() + ": " + FsException.display(path));
        }
        // Writing through a symlink (confined by the guard) replaces its target, not the link.
        return r.absolute().toRealPath();
    }

    @Override
    public void mkdir(String path) {
        PathGuard.Resolved r = guard.resolve(path);
        io(path, () -> {
            if (Files.exists(r.absolute(), LinkOption.NOFOLLOW_LINKS)) {
                throw FsException.exists(path);
            }
            Path ancestor = r.absolute().getParent();
            while (ancestor != null && !Files.exists(ancestor, LinkOption.NOFOLLOW_LINKS)) {
                ancestor = ancestor.getParent();
            }
            if (ancestor != null && !Files.isDirectory(ancestor)) {
                throw new FsException(ProtocolError.NOT_A_DIRECTORY, "A parent is not a directory: " + FsException.display(path));
            }
            vfs(r.absolute()).createFolder();
            return null;
        });
    }

    @Override
    public void delete(String path, boolean recursive) {
        PathGuard.Resolved r = guard.resolve(path);
        requireNotRoot(r, "delete");
        io(path, () -> {
            BasicFileAttributes a = Stats.attributes(r.absolute(), false);
            if (a.isDirectory() && !recursive) {
                try (var children = Files.list(r.absolute())) {
                    if (children.findAny().isPresent()) {
                        throw new FsException(ProtocolError.CONFLICT,
                                "Directory is not empty (use recursive): " + FsException.display(path));
                    }
                }
            }
            if (a.isDirectory()) {
                deleteTree(r.absolute());
            } else {
                Files.delete(r.absolute());
            }
            return null;
        });
    }

    @Override
    public void move(String from, String to, boolean overwrite) {
        transfer(from, to, overwrite, true);
    }

    @Override
    public void copy(String from, String to, boolean overwrite) {
        transfer(from, to, overwrite, false);
    }

    private void transfer(String from, String to, boolean overwrite, boolean move) {
        PathGuard.Resolved src = guard.resolve(from);
        PathGuard.Resolved dst = guard.resolve(to);
        requireNotRoot(src, move ? "move" : "copy");
        requireNotRoot(dst, "replace");
        io(from, () -> {
            BasicFileAttributes a = Stats.attributes(src.absolute(), false);
            requireParentDirectory(dst.absolute().getParent(), to);
            if (src.absolute().equals(dst.absolute())) {
                if (move) {
                    return null;
                }
                throw FsException.exists(to);
            }
            if (a.isDirectory() && dst.absolute().startsWith(src.absolute())) {
                throw new FsException(ProtocolError.CONFLICT, "Cannot put a directory inside itself: " + FsException.display(to));
            }
            if (Files.exists(dst.absolute(), LinkOption.NOFOLLOW_LINKS)) {
                if (!overwrite) {
                    throw FsException.exists(to);
                }
                if (Files.isDirectory(dst.absolute(), LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(dst.absolute());
                } else {
                    Files.delete(dst.absolute());
                }
            }
            if (move) {
                vfs(src.absolute()).moveTo(vfs(dst.absolute()));
            } else if (a.isDirectory()) {
                copyTree(src.absolute(), dst.absolute());
            } else {
                Files.copy(src.absolute(), dst.absolute(), LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
            }
            return null;
        });
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectory(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!AtomicWriter.isStagingFile(file.getFileName().toString())) {
                    // Links are copied as links, never followed.
                    Files.copy(file, to.resolve(from.relativize(file)), LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        // walkFileTree does not follow symlinks: a link to a directory is deleted as a link.
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private BasicFileAttributes requireDirectory(PathGuard.Resolved r, String path) throws IOException {
        BasicFileAttributes a = Stats.attributes(r.absolute(), true);
        if (!a.isDirectory()) {
            throw new FsException(ProtocolError.NOT_A_DIRECTORY, "Not a directory: " + FsException.display(path));
        }
        return a;
    }

    private BasicFileAttributes requireFile(PathGuard.Resolved r, String path) throws IOException {
        BasicFileAttributes a = Stats.attributes(r.absolute(), true);
        if (a.isDirectory()) {
            throw new FsException(ProtocolError.IS_A_DIRECTORY, "Is a directory: " + FsException.display(path));
        }
        return a;
    }

    private static void requireParentDirectory(Path parent, String path) {
        if (!Files.exists(parent)) {
            throw new FsException(ProtocolError.NOT_FOUND, "Parent directory does not exist: " + FsException.display(path));
        }
        if (!Files.isDirectory(parent)) {
            throw new FsException(ProtocolError.NOT_A_DIRECTORY, "A parent is not a directory: " + FsException.display(path));
        }
    }

    private static void requireNotRoot(PathGuard.Resolved r, String action) {
        if (r.isRoot()) {
            throw new FsException(ProtocolError.PERMISSION_DENIED, "Cannot " + action + " the workspace root");
        }
    }

    private static void checkSize(long size, long max, String path) {
        if (size > max) {
            throw new FsException(ProtocolError.TOO_LARGE, "File is larger than " + max
                    + " bytes; download it instead: " + FsException.display(path));
        }
    }

    private FileObject vfs(Path abs) throws FileSystemException {
        return vfs.resolveFile(abs.toUri());
    }

    private ReentrantLock lockFor(Path p) {
        return locks[Math.floorMod(p.hashCode(), LOCK_STRIPES)];
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }

    /** Runs an action, turning the I/O failures a client can act on into {@link FsException}s. */
    private static <T> T io(String path, IoAction<T> action) {
        try {
            return action.run();
        } catch (NoSuchFileException e) {
            throw FsException.notFound(path);
        } catch (FileAlreadyExistsException e) {
            throw FsException.exists(path);
        } catch (AccessDeniedException e) {
            throw new FsException(ProtocolError.PERMISSION_DENIED, "Permission denied: " + FsException.display(path));
        } catch (NotDirectoryException e) {
            throw new FsException(ProtocolError.NOT_A_DIRECTORY, "Not a directory: " + FsException.display(path));
        } catch (DirectoryNotEmptyException e) {
            throw new FsException(ProtocolError.CONFLICT, "Directory is not empty: " + FsException.display(path));
        } catch (FileSystemException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                return io(path, () -> { throw io; });
            }
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
