package dev.stratus.server.search;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Lists the files of a workspace (or of one folder in it) that the index should hold: regular
 * files not hidden by the ignore rules, found without following symlinks (like ripgrep without
 * {@code -L}), each with its modification time and size.
 */
final class WorkspaceScanner {
    /** A file on disk: modification time in nanoseconds since the epoch, size in bytes. */
    record Stat(long mtime, long size) {
        static Stat of(BasicFileAttributes attrs) {
            return new Stat(attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), attrs.size());
        }
    }

    private final Path root;
    private final IgnoreRules rules;

    WorkspaceScanner(Path root, IgnoreRules rules) {
        this.root = root;
        this.rules = rules;
    }

    /**
     * The indexable files at or under {@code folder} ({@code ""} for the whole workspace), by
     * path. The caller has checked that {@code folder} itself is not ignored. Stops early, with
     * what it has, when {@code stop} turns true.
     */
    Map<String, Stat> scan(String folder, BooleanSupplier stop) throws IOException {
        Map<String, Stat> files = new TreeMap<>();
        Path top = folder.isEmpty() ? root : root.resolve(folder);
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (stop.getAsBoolean()) {
                    return FileVisitResult.TERMINATE;
                }
                String rel = relative(dir);
                return dir.equals(top) || !rules.ignored(rel, true) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    String rel = relative(file);
                    if (!rules.ignored(rel, false)) {
                        files.put(rel, Stat.of(attrs));
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    private String relative(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}
