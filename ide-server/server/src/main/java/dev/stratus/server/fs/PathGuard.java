package dev.stratus.server.fs;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Confines client paths to one workspace. A client path is a workspace-relative POSIX path;
 * anything else (absolute paths, drive letters, {@code ..} segments, backslashes, NUL, segments
 * that percent-decode to a traversal) is refused before touching the disk, and what is left is
 * checked against the real path of the workspace after resolving every symlink on the way, so a
 * link pointing outside (even a dangling one) is refused too. {@link Path#startsWith} compares
 * whole segments, so {@code /ws/data-secret} is never taken for a child of {@code /ws/data}.
 */
public final class PathGuard {
    private static final int MAX_LINK_DEPTH = 40;
    private static final int MAX_PATH_CHARS = 4096;
    private final Path root;

    /** @param root the workspace folder; its real path becomes the boundary */
    public PathGuard(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("Workspace folder is not available: " + root, e);
        }
    }

    /** A checked path. */
    public record Resolved(String relative, Path absolute) {
        public boolean isRoot() {
            return relative.isEmpty();
        }
    }

    /** The workspace root's real path. */
    public Path root() {
        return root;
    }

    /** Normalises and checks {@code clientPath}. */
    public Resolved resolve(String clientPath) {
        String rel = normalize(clientPath);
        Path abs = rel.isEmpty() ? root : root.resolve(rel);
        if (!confined(abs, 0)) {
            throw FsException.outside(clientPath);
        }
        return new Resolved(rel, abs);
    }

    /** Whether {@code absolute}, after following every symlink, lies inside the workspace. */
    public boolean contains(Path absolute) {
        return confined(absolute, 0);
    }

    /** The client path of an absolute path inside the workspace. */
    public String relativize(Path absolute) {
        return root.relativize(absolute).toString().replace('\\', '/');
    }

    /** The syntactic checks alone: the normalised relative path ({@code ""} for the root). */
    static String normalize(String clientPath) {
        if (clientPath == null) {
            throw FsException.invalid("path is required");
        }
        if (clientPath.length() > MAX_PATH_CHARS) {
            throw FsException.invalid("path is longer than " + MAX_PATH_CHARS + " characters");
        }
        if (clientPath.indexOf('\0') >= 0 || clientPath.indexOf('\\') >= 0 || clientPath.startsWith("/")
                || clientPath.matches("^[A-Za-z]:.*")) {
            throw FsException.outside(clientPath);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : clientPath.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") || decodesToTraversal(segment)) {
                throw FsException.outside(clientPath);
            }
            segments.add(segment);
        }
        return String.join("/", segments);
    }

    /** Refuses segments a later decoding step (a proxy, a careless client) would turn into a traversal. */
    private static boolean decodesToTraversal(String segment) {
        if (segment.indexOf('%') < 0) {
            return false;
        }
        String decoded = segment;
        for (int i = 0; i < 3 && decoded.indexOf('%') >= 0; i++) {
            try {
                decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (decoded.equals("..") || decoded.equals(".") || decoded.indexOf('/') >= 0
                    || decoded.indexOf('\\') >= 0 || decoded.indexOf('\0') >= 0) {
                return true;
            }
        }
        return false;
    }

    private boolean confined(Path abs, int depth) {
        if (depth > MAX_LINK_DEPTH || abs == null) {
            return false;
        }
        try {
            return abs.toRealPath().startsWith(root);
        } catch (IOException e) {
            // Not resolvable as a whole: a dangling link, a missing leaf, or a file used as a directory.
            try {
                if (Files.isSymbolicLink(abs)) {
                    Path target = abs.getParent().resolve(Files.readSymbolicLink(abs)).normalize();
                    return confined(target, depth + 1);
                }
            } catch (IOException | UnsupportedOperationException ex) {
                return false;
            }
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                // Exists but cannot be resolved (a link loop, no permission): refuse.
                return false;
            }
            // The leaf does not exist yet: its name was checked above, so its parent decides.
            return confined(abs.getParent(), depth + 1);
        }
    }
}
