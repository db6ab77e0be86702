package dev.stratus.server.search;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a literal query without {@code java.util.regex}, with exactly the matches of the query's
 * pattern ({@link TextQuery#pattern()}): leftmost, non-overlapping, same offsets. The regex engine
 * compares a case-insensitive literal one character at a time; this scanner jumps between
 * occurrences of its rarest character (by a fixed frequency guess for source code) with
 * {@link String#indexOf(int, int)} (vectorised) and compares the rest by hand.
 *
 * <p>Case-insensitive matching reproduces {@code Pattern.CASE_INSENSITIVE | UNICODE_CASE} on a
 * quoted literal: a text character {@code c} matches the query character {@code q} when
 * {@code c == q} or {@code lower(upper(c)) == q}, with {@code q} folded the same way. Only
 * ASCII queries take this path, where the fold of a non-ASCII character lands on an ASCII one for
 * four characters only (U+0130, U+0131 → i, U+017F → s, U+212A → k); the search for the rarest
 * character looks for those too. Whole-word boundaries between ASCII characters are decided here; next to
 * a non-ASCII character the pattern itself decides, so Unicode {@code \w} needs no second
 * definition.
 */
final class LiteralScanner {
    private static final char[][] MATCHING = matching();
    /** Folded ASCII characters from the most to the least frequent in typical source code. */
    private static final String FREQUENT = " e\tt_risnaolcdu\n;(),.pmfh=*g-b>y/v[]x0kw\"1:&{}'<+2j#!q%z|3456789\\?@$~^`";

    private final String query;
    private final char[] folded;
    private final boolean caseSensitive;
    private final boolean wholeWord;
    private final Pattern pattern;
    private final int anchor;
    private final char[] anchors;

    private LiteralScanner(String query, boolean caseSensitive, boolean wholeWord, Pattern pattern) {
        this.query = query;
        this.caseSensitive = caseSensitive;
        this.wholeWord = wholeWord;
        this.pattern = pattern;
        this.folded = new char[query.length()];
        for (int i = 0; i < folded.length; i++) {
            folded[i] = caseSensitive ? query.charAt(i) : fold(query.charAt(i));
        }
        int rarest = 0;
        for (int i = 1; i < folded.length; i++) {
            if (rank(folded[i]) > rank(folded[rarest])) {
                rarest = i;
            }
        }
        this.anchor = rarest;
        this.anchors = caseSensitive ? new char[] {folded[rarest]} : MATCHING[folded[rarest]];
    }

    /** How rare {@code c} (folded ASCII) is in source code: higher is rarer. */
    static int rank(char c) {
        int i = FREQUENT.indexOf(c);
        return i < 0 ? FREQUENT.length() : i;
    }

    /**
     * A scanner for {@code query}, or null when the query must stay with the regex engine: a
     * case-insensitive query with a non-ASCII character (Unicode folding), or any query with a
     * surrogate (the engine never starts a match inside a surrogate pair).
     */
    static LiteralScanner of(String query, boolean caseSensitive, boolean wholeWord, Pattern pattern) {
        if (query.isEmpty()) {
            return null;
        }
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (Character.isSurrogate(c) || (!caseSensitive && c >= 0x80)) {
                return null;
            }
        }
        return new LiteralScanner(query, caseSensitive, wholeWord, pattern);
    }

    int length() {
        return query.length();
    }

    /** The matches of this scanner's query in one text, in order. */
    Cursor cursor(String text) {
        return new Cursor(text);
    }

    final class Cursor {
        private final String text;
        private final int[] nextAnchor;
        private Matcher boundary;
        private int from;

        private Cursor(String text) {
            this.text = text;
            this.nextAnchor = new int[anchors.length];
            java.util.Arrays.fill(nextAnchor, -2);
        }

        /** The start of the next match, or -1 when there is none. */
        int next() {
            int n = folded.length;
            int last = text.length() - n;
            while (from <= last) {
                int p = caseSensitive ? text.indexOf(query, from) : nextAnchor(from + anchor) - anchor;
                if (p < 0 || p > last) {
                    from = text.length() + 1;
                    return -1;
                }
                if ((caseSensitive || restMatches(p)) && (!wholeWord || wordBounded(p))) {
                    from = p + n;
                    return p;
                }
                from = p + 1;
            }
            return -1;
        }

        /** The next position at or after {@code at} holding a character that matches the anchor, or -1. */
        private int nextAnchor(int at) {
            int min = -1;
            for (int k = 0; k < anchors.length; k++) {
                int p = nextAnchor[k];
                if (p != -1 && p < at) {
                    p = text.indexOf(anchors[k], at);
                    nextAnchor[k] = p;
                }
                if (p >= 0 && (min < 0 || p < min)) {
                    min = p;
                }
            }
            return min;
        }

        private boolean restMatches(int p) {
            for (int j = 0; j < folded.length; j++) {
                char c = text.charAt(p + j);
                char q = folded[j];
                if (c != q && fold(c) != q) {
                    return false;
                }
            }
            return true;
        }

        private boolean wordBounded(int p) {
            int end = p + folded.length;
            char before = p > 0 ? text.charAt(p - 1) : ' ';
            char after = end < text.length() ? text.charAt(end) : ' ';
            if (before < 0x80 && after < 0x80) {
                return !asciiWord(before) && !asciiWord(after);
            }
            if ((before < 0x80 && asciiWord(before)) || (after < 0x80 && asciiWord(after))) {
                return false;
            }
            if (boundary == null) {
                boundary = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            }
            boundary.region(p, Math.min(text.length(), end + 2));
            return boundary.find() && boundary.start() == p;
        }
    }

    private static boolean asciiWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static char fold(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return (char) Character.toLowerCase(Character.toUpperCase((int) c));
    }

    /** For each folded ASCII character, every character that matches it case-insensitively. */
    private static char[][] matching() {
        StringBuilder[] sets = new StringBuilder[0x80];
        for (int q = 0; q < 0x80; q++) {
            sets[q] = new StringBuilder().append((char) q);
        }
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            char f = fold((char) c);
            if (f < 0x80 && c != f) {
                sets[f].append((char) c);
            }
        }
        char[][] out = new char[0x80][];
        for (int q = 0; q < 0x80; q++) {
            out[q] = sets[q].toString().toCharArray();
        }
        return out;
    }
}
