package dev.stratus.server.fs;

import dev.stratus.protocol.fs.FileStat;
import dev.stratus.protocol.fs.FileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Builds {@link FileStat}s and versions from file attributes. */
final class Stats {
    private Stats() {
    }

    /**
     * The version of a file: modification time in nanoseconds, size and file identity (inode).
     * An atomic save replaces the inode, so even a same-size write within the clock's resolution
     * gets a new version.
     */
    static String version(BasicFileAttributes a) {
        return Long.toHexString(a.lastModifiedTime().to(TimeUnit.NANOSECONDS)) + "-" + Long.toHexString(a.size())
                + "-" + Integer.toHexString(Objects.hashCode(a.fileKey()));
    }

    static BasicFileAttributes attributes(Path p, boolean follow) throws IOException {
        return follow ? Files.readAttributes(p, BasicFileAttributes.class)
                : Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** Attributes following links, or null if the path (or a link's target) does not exist. */
    static BasicFileAttributes attributesOrNull(Path p) throws IOException {
        try {
            return attributes(p, true);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static FileType type(BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return FileType.SYMLINK;
        }
        return a.isDirectory() ? FileType.DIRECTORY : FileType.FILE;
    }

    /**
     * The stat of {@code abs}; for a symlink, {@code targetConfined} says whether its target may
     * be described (it lies inside the workspace).
     */
    static FileStat of(String rel, Path abs, boolean targetConfined) throws IOException {
        BasicFileAttributes own = attributes(abs, false);
        if (!own.isSymbolicLink()) {
            return new FileStat(rel, type(own), null, own.isDirectory() ? 0 : own.size(),
                    own.lastModifiedTime().toMillis(), version(own));
        }
        BasicFileAttributes target = targetConfined ? attributesOrNull(abs) : null;
        BasicFileAttributes shown = target == null ? own : target;
        return new FileStat(rel, FileType.SYMLINK, target == null ? null : type(target),
                shown.isDirectory() ? 0 : shown.size(), shown.lastModifiedTime().toMillis(), version(shown));
    }
}
