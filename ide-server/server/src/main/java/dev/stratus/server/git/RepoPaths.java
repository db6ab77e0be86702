package dev.stratus.server.git;

import dev.stratus.protocol.ProtocolError;
import dev.stratus.server.fs.FsException;
import dev.stratus.server.fs.PathGuard;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns client paths into repository paths, confined by the workspace's {@link PathGuard}, and
 * refuses paths into {@code .git} or that {@link SafeTreeChecker} would refuse in a tree. Git
 * acts on a symbolic link itself, never through it, so a link whose target lies outside the
 * workspace may still be staged, discarded or shown, as long as its folder is inside.
 */
final class RepoPaths {
    private final PathGuard guard;
    private final SafeTreeChecker checker = new SafeTreeChecker();

    RepoPaths(Path root) {
        this.guard = new PathGuard(root);
    }

    /** The repository path of {@code clientPath}; {@code ""} is the whole repository. */
    String of(String clientPath, String name) {
        if (clientPath == null) {
            throw GitException.invalid(name + " is required");
        }
        String relative = confined(clientPath);
        if (!relative.isEmpty()) {
            try {
                checker.requireSafePath(relative);
            } catch (SafeTreeChecker.UnsafePathException e) {
                throw GitException.outside("Path is outside the repository's working tree: " + GitException.display(clientPath));
            }
        }
        return relative;
    }

    private String confined(String clientPath) {
        try {
            return guard.resolve(clientPath).relative();
        } catch (FsException e) {
            if (e.reason() != ProtocolError.OUTSIDE_WORKSPACE) {
                throw new GitException(ProtocolError.INVALID_PARAMS, e.getMessage());
            }
            int slash = clientPath.lastIndexOf('/');
            String parent = slash < 0 ? "" : clientPath.substring(0, slash);
            String leaf = clientPath.substring(slash + 1);
            PathGuard.Resolved dir;
            try {
                dir = guard.resolve(parent);
            } catch (FsException outside) {
                throw GitException.outside(outside.getMessage());
            }
            if (leaf.isEmpty() || leaf.equals(".") || leaf.equals("..") || leaf.indexOf('\0') >= 0
                    || leaf.indexOf('\\') >= 0 || !Files.isSymbolicLink(dir.absolute().resolve(leaf))) {
                throw GitException.outside(e.getMessage());
            }
            return dir.isRoot() ? leaf : dir.relative() + "/" + leaf;
        }
    }
}
