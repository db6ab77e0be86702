package dev.stratus.server.search;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * The ignore files of one workspace, read with JGit's gitignore rules ({@link IgnoreNode}), and
 * combined the way ripgrep combines them: {@code .rgignore} beats {@code .ignore}, which beats
 * {@code .gitignore}, which beats {@code .git/info/exclude}; within each kind the file nearest
 * to the path wins; each file's patterns are relative to its own folder. Entries named
 * {@code .git} are always ignored. Ignore files outside the workspace (parents, the global
 * excludes file) are not read. An ignored directory hides everything below it, negations
 * included, as in git. Rules are cached per folder until {@link #invalidate()}.
 */
final class IgnoreRules {
    static final List<String> FILE_NAMES = List.of(".rgignore", ".ignore", ".gitignore");
    private static final IgnoreNode NONE = new IgnoreNode();

    private final Path root;
    private final Map<String, IgnoreNode[]> folders = new ConcurrentHashMap<>();
    private volatile IgnoreNode exclude;

    IgnoreRules(Path root) {
        this.root = root;
    }

    /** Forgets every cached rule (an ignore file changed). */
    void invalidate() {
        folders.clear();
        exclude = null;
    }

    static boolean isIgnoreFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return FILE_NAMES.contains(name) || path.equals(".git/info/exclude");
    }

    /**
     * Whether the entry at {@code path} is ignored by the rules of the folders above it. The
     * caller has established that no ancestor is ignored (a walk does, by not descending).
     */
    boolean ignored(String path, boolean isDirectory) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.equals(".git")) {
            return true;
        }
        List<String> dirs = new ArrayList<>();
        for (int slash = path.lastIndexOf('/'); slash >= 0; slash = path.lastIndexOf('/', slash - 1)) {
            dirs.add(path.substring(0, slash));
            if (slash == 0) {
                break;
            }
        }
        dirs.add("");
        for (int kind = 0; kind < FILE_NAMES.size(); kind++) {
            for (String dir : dirs) {
                IgnoreNode node = folder(dir)[kind];
                if (node == NONE) {
                    continue;
                }
                String relative = dir.isEmpty() ? path : path.substring(dir.length() + 1);
                Boolean result = node.checkIgnored(relative, isDirectory);
                if (result != null) {
                    return result;
                }
            }
        }
        Boolean excluded = exclude().checkIgnored(path, isDirectory);
        return excluded != null && excluded;
    }

    /** Whether {@code path} or any folder above it is ignored (for single changed paths). */
    boolean ignoredWithAncestors(String path, boolean isDirectory) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (ignored(path.substring(0, slash), true)) {
                return true;
            }
        }
        return ignored(path, isDirectory);
    }

    private IgnoreNode[] folder(String dir) {
        return folders.computeIfAbsent(dir, d -> {
            IgnoreNode[] nodes = new IgnoreNode[FILE_NAMES.size()];
            Path folder = d.isEmpty() ? root : root.resolve(d);
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = parse(folder.resolve(FILE_NAMES.get(i)));
            }
            return nodes;
        });
    }

    private IgnoreNode exclude() {
        IgnoreNode e = exclude;
        if (e == null) {
            e = parse(root.resolve(".git").resolve("info").resolve("exclude"));
            exclude = e;
        }
        return e;
    }

    private static IgnoreNode parse(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return NONE;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            IgnoreNode node = new IgnoreNode();
            node.parse(file.toString(), in);
            return node.getRules().isEmpty() ? NONE : node;
        } catch (IOException e) {
            return NONE;
        }
    }
}
