package dev.stratus.server.search;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code include} and {@code exclude} globs of a text search, with ripgrep's {@code -g GLOB}
 * and {@code -g '!GLOB'} semantics (gitignore-style globs, as ripgrep's {@code ignore} crate
 * builds them): a glob without a slash matches a file or directory name at any depth, a glob with
 * one (or a leading {@code /}) matches the whole workspace-relative path, a trailing {@code /}
 * matches directories only, {@code *} and {@code ?} never match {@code /}, {@code **} matches any
 * number of directories, {@code [a-z]}/{@code [!a-z]} are classes, {@code {a,b}} alternatives and
 * {@code \} escapes. An excluded directory excludes everything below it. With includes, a file
 * must match one of them. Excludes are applied after includes, so they win (as
 * {@code rg -g INCLUDE... -g '!EXCLUDE'...}). Blank globs and {@code #} comments are ignored.
 */
final class GlobFilter {
    static final GlobFilter ALL = new GlobFilter(List.of(), List.of());

    /**
     * @param suffix when not null, the glob is {@code *} and this plain suffix at any depth (like
     *     {@code *.h}), which matches exactly the paths ending with it: checked without the regex,
     *     which a search runs for every candidate
     */
    private record Glob(Pattern regex, boolean dirOnly, String suffix) {
        boolean matches(String path, boolean isDir) {
            if (!isDir && !dirOnly && suffix != null) {
                return path.endsWith(suffix);
            }
            return (isDir || !dirOnly) && regex.matcher(path).matches();
        }
    }

    private final List<Glob> includes;
    private final List<Glob> excludes;

    private GlobFilter(List<Glob> includes, List<Glob> excludes) {
        this.includes = includes;
        this.excludes = excludes;
    }

    /** Compiles the globs; a malformed one is an invalid-params {@link SearchException}. */
    static GlobFilter of(List<String> include, List<String> exclude) {
        List<Glob> in = compileAll(include);
        List<Glob> ex = compileAll(exclude);
        return in.isEmpty() && ex.isEmpty() ? ALL : new GlobFilter(in, ex);
    }

    boolean acceptsAll() {
        return includes.isEmpty() && excludes.isEmpty();
    }

    /** Whether a file at {@code path} (workspace-relative) is searched. */
    boolean accepts(String path) {
        if (!excludes.isEmpty()) {
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                String dir = path.substring(0, slash);
                for (Glob g : excludes) {
                    if (g.matches(dir, true)) {
                        return false;
                    }
                }
            }
            for (Glob g : excludes) {
                if (g.matches(path, false)) {
                    return false;
                }
            }
        }
        if (includes.isEmpty()) {
            return true;
        }
        for (Glob g : includes) {
            if (g.matches(path, false)) {
                return true;
            }
        }
        return false;
    }

    private static List<Glob> compileAll(List<String> globs) {
        List<Glob> out = new ArrayList<>();
        if (globs != null) {
            for (String g : globs) {
                if (g == null) {
                    throw SearchException.invalid("a glob must be a string");
                }
                Glob compiled = compile(g);
                if (compiled != null) {
                    out.add(compiled);
                }
            }
        }
        return out;
    }

    /** One glob the way ripgrep's gitignore builder reads a line; null for blanks and comments. */
    static Glob compile(String original) {
        String line = original;
        if (line.startsWith("#")) {
            return null;
        }
        if (!line.endsWith("\\ ")) {
            line = line.stripTrailing();
        }
        if (line.isEmpty()) {
            return null;
        }
        boolean anchored = false;
        if (line.startsWith("\\!") || line.startsWith("\\#")) {
            line = line.substring(1);
        } else if (line.startsWith("/")) {
            line = line.substring(1);
            anchored = true;
        }
        boolean dirOnly = false;
        if (line.endsWith("/")) {
            dirOnly = true;
            line = line.substring(0, line.length() - 1);
        }
        String actual = line;
        if (!anchored && line.indexOf('/') < 0 && !line.startsWith("**/")) {
            actual = "**/" + actual;
        }
        if (actual.endsWith("/**")) {
            actual = actual + "/*";
        }
        String suffix = actual.startsWith("**/*") && actual.substring(4).matches("[A-Za-z0-9._-]+") ? actual.substring(4) : null;
        return new Glob(Pattern.compile(toRegex(actual, original), Pattern.DOTALL), dirOnly, suffix);
    }

    private static String toRegex(String glob, String original) {
        StringBuilder re = new StringBuilder();
        boolean inAlternates = false;
        int n = glob.length();
        int i = 0;
        while (i < n) {
            char c = glob.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= n) {
                        throw invalid(original, "dangling '\\'");
                    }
                    int cp = glob.codePointAt(i + 1);
                    re.append(Pattern.quote(Character.toString(cp)));
                    i += 1 + Character.charCount(cp);
                    continue;
                }
                case '*' -> {
                    if (i + 1 < n && glob.charAt(i + 1) == '*') {
                        boolean atStart = i == 0 || glob.charAt(i - 1) == '/';
                        boolean atEnd = i + 2 == n || glob.charAt(i + 2) == '/';
                        if (atStart && atEnd) {
                            if (i == 0 && i + 2 == n) {
                                re.append(".*");
                            } else if (i == 0) {
                                re.append("(?:.*/)?");
                                i += 3;
                                continue;
                            } else if (i + 2 == n) {
                                re.append(".*");
                            } else {
                                re.append("(?:.*/)?");
                                i += 3;
                                continue;
                            }
                        } else {
                            re.append("[^/]*");
                        }
                        i += 2;
                        continue;
                    }
                    re.append("[^/]*");
                }
                case '?' -> re.append("[^/]");
                case '[' -> {
                    i = appendClass(glob, i, re, original);
                    continue;
                }
                case '{' -> {
                    if (inAlternates) {
                        throw invalid(original, "nested alternate groups are not allowed");
                    }
                    inAlternates = true;
                    re.append("(?:");
                }
                case '}' -> {
                    if (!inAlternates) {
                        throw invalid(original, "unopened alternate group; missing '{'");
                    }
                    inAlternates = false;
                    re.append(')');
                }
                case ',' -> re.append(inAlternates ? "|" : ",");
                default -> {
                    int cp = glob.codePointAt(i);
                    re.append(Pattern.quote(Character.toString(cp)));
                    i += Character.charCount(cp);
                    continue;
                }
            }
            i++;
        }
        if (inAlternates) {
            throw invalid(original, "unclosed alternate group; missing '}'");
        }
        return re.toString();
    }

    /** Appends {@code [...]} starting at {@code start}; returns the index after it. */
    private static int appendClass(String glob, int start, StringBuilder re, String original) {
        int i = start + 1;
        StringBuilder cls = new StringBuilder("[");
        if (i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^')) {
            cls.append('^');
            i++;
        }
        boolean first = true;
        int prev = -1;
        while (i < glob.length()) {
            int cp = glob.codePointAt(i);
            if (cp == ']' && !first) {
                re.append(cls).append(']');
                return i + 1;
            }
            if (cp == '-' && prev >= 0 && i + 1 < glob.length() && glob.charAt(i + 1) != ']') {
                int end = glob.codePointAt(i + 1);
                if (end < prev) {
                    throw invalid(original, "invalid range; '" + Character.toString(prev) + "' > '" + Character.toString(end) + "'");
                }
                cls.append('-').append(escapeInClass(end));
                i += 1 + Character.charCount(end);
                prev = -1;
                first = false;
                continue;
            }
            cls.append(escapeInClass(cp));
            prev = cp;
            first = false;
            i += Character.charCount(cp);
        }
        throw invalid(original, "unclosed character class; missing ']'");
    }

    private static String escapeInClass(int cp) {
        return Character.isLetterOrDigit(cp) ? Character.toString(cp) : "\\x{" + Integer.toHexString(cp) + "}";
    }

    private static SearchException invalid(String glob, String reason) {
        return SearchException.invalid("Invalid glob \"" + glob + "\": " + reason);
    }
}
