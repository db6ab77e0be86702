package dev.stratus.server.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Refuses trees whose paths could write into {@code .git} or outside the working tree on any
 * operating system a clone may later reach: {@code .git} in any case, with HFS+ ignorable
 * characters, or as an NTFS alias ({@code git~1}, {@code .git.}, {@code .git::$INDEX_ALLOCATION}),
 * {@code .} and {@code ..}, empty names, and names with {@code /}, {@code \} or NUL. These are
 * the checks of C git's {@code core.protectHFS} and {@code core.protectNTFS}.
 *
 * <p>JGit's checkout protects only against the rules of the operating system it runs on
 * ({@code DirCacheCheckout.checkValidPath} asks {@code SystemReader.isWindows()/isMacOS()}) and
 * never reads {@code core.protectNTFS}/{@code core.protectHFS}, so setting those in the effective
 * configuration would change nothing: instead every tree is checked here before it is checked
 * out, and the same checker vets every object a fetch or clone receives (git's
 * {@code transfer.fsckObjects}). Windows' reserved device names ({@code aux.c}) are allowed: they
 * are legal on the systems the server runs on, and C git allows them too.
 */
final class SafeTreeChecker extends ObjectChecker {
    private static final Pattern NTFS_DOT_GIT = Pattern.compile("^(\\.git|git~1)[. ]*(:.*)?$");

    /** A refused path; {@link GitErrors} reports it as OutsideWorkspace. */
    static final class UnsafePathException extends CorruptObjectException {
        UnsafePathException(String message) {
            super(message);
        }
    }

    SafeTreeChecker() {
        setSafeForMacOS(true);
        // Old but harmless history must still fetch: only path rules are security relevant.
        setAllowLeadingZeroFileMode(true);
        setAllowInvalidPersonIdent(true);
        setIgnore(EnumSet.of(ErrorType.BAD_DATE, ErrorType.BAD_TIMEZONE, ErrorType.BAD_EMAIL, ErrorType.MISSING_EMAIL,
                ErrorType.MISSING_SPACE_BEFORE_DATE, ErrorType.BAD_UTF8));
    }

    @Override
    public void checkTree(AnyObjectId id, byte[] raw) throws CorruptObjectException {
        try {
            super.checkTree(id, raw);
        } catch (CorruptObjectException e) {
            if (e.getErrorType() == null || EnumSet.of(ErrorType.HAS_DOT, ErrorType.HAS_DOTDOT, ErrorType.HAS_DOTGIT,
                    ErrorType.FULL_PATHNAME, ErrorType.EMPTY_NAME).contains(e.getErrorType())) {
                throw new UnsafePathException("Refusing an unsafe path in tree " + (id == null ? "" : id.name())
                        + ": " + e.getMessage());
            }
            throw e;
        }
        int ptr = 0;
        while (ptr < raw.length) {
            while (ptr < raw.length && raw[ptr] != ' ') {
                ptr++;
            }
            int start = ++ptr;
            while (ptr < raw.length && raw[ptr] != 0) {
                ptr++;
            }
            checkNtfsName(raw, start, ptr);
            ptr += 1 + 20;
        }
    }

    /** Checks one path segment (a file or directory name). */
    void checkName(byte[] raw, int start, int end) throws UnsafePathException {
        try {
            checkPathSegment(raw, start, end);
        } catch (CorruptObjectException e) {
            throw new UnsafePathException("Refusing an unsafe path: " + e.getMessage());
        }
        checkNtfsName(raw, start, end);
    }

    private static void checkNtfsName(byte[] raw, int start, int end) throws UnsafePathException {
        String name = new String(raw, start, Math.max(0, end - start), StandardCharsets.UTF_8);
        if (name.indexOf('\\') >= 0 || NTFS_DOT_GIT.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
            throw new UnsafePathException("Refusing an unsafe path: invalid name '" + name + "'");
        }
    }

    /** Refuses the check-out of {@code treeish} (a commit or tree) when any of its paths is unsafe. */
    void requireSafeTree(Repository repo, AnyObjectId treeish) throws IOException {
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(rw.parseTree(treeish));
            while (tw.next()) {
                // Every segment of the path, so a name that itself holds a '/' is checked part by part.
                requireSafeSegments(tw.getRawPath());
                if (tw.isSubtree()) {
                    tw.enterSubtree();
                }
            }
        }
    }

    /** Refuses the check-out of index entries under {@code prefix} when any of their paths is unsafe. */
    void requireSafeIndex(DirCache index, String prefix) throws UnsafePathException {
        for (int i = 0; i < index.getEntryCount(); i++) {
            String path = index.getEntry(i).getPathString();
            if (prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/")) {
                requireSafePath(path);
            }
        }
    }

    /** Refuses a repository path any segment of which is unsafe. */
    void requireSafePath(String path) throws UnsafePathException {
        requireSafeSegments(path.getBytes(StandardCharsets.UTF_8));
    }

    private void requireSafeSegments(byte[] raw) throws UnsafePathException {
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == '/') {
                checkName(raw, start, i);
                start = i + 1;
            }
        }
    }
}
