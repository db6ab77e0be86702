package dev.stratus.server.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>An ASCII query can also run over a file's UTF-8 bytes seen as Latin-1 text (one character a
 * byte, see {@link #utf8Cursor}): Java's UTF-8 decoder turns every ASCII byte into the same
 * character and no other byte into an ASCII one (malformed input becomes U+FFFD, never swallowing
 * an ASCII byte), so a run of ASCII characters is the same run of bytes, and a match made only of
 * ASCII characters is found at the same offsets (no byte 0x80-0xFF, read as Latin-1, folds to
 * ASCII either). What bytes cannot tell is left to the decoded text: a file holding a non-ASCII
 * character that matches the anchor, a case-insensitive comparison that meets a non-ASCII byte
 * (a folding character may start or end there), and a whole-word boundary next to a non-ASCII
 * character.
 */
final class LiteralScanner {
    /** {@link Cursor#next()} over UTF-8 bytes: this file must be decoded and scanned as text. */
    static final int UNDECIDED = -2;
    private static final int MATCH = 1;

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
    /**
     * For an ASCII query, the UTF-8 bytes (as Latin-1 text) of each non-ASCII character among
     * {@link #anchors}, which a scan of bytes cannot find; null for a non-ASCII query.
     */
    private final String[] anchorSequences;

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
        this.anchorSequences = query.chars().allMatch(c -> c < 0x80) ? utf8AsLatin1(anchors) : null;
    }

    private static String[] utf8AsLatin1(char[] chars) {
        List<String> out = new ArrayList<>();
        for (char c : chars) {
            if (c >= 0x80) {
                out.add(new String(String.valueOf(c).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            }
        }
        return out.toArray(String[]::new);
    }

    private static int rank(char c) {
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
        return new Cursor(text, false);
    }

    /**
     * The matches of this scanner's query in UTF-8 bytes given as Latin-1 text (one char a byte,
     * e.g. {@code new String(bytes, ISO_8859_1)}), as offsets into those bytes: exactly the
     * matches of the decoded text, each at the byte its first char decodes from. Null when the
     * bytes must be decoded first: the query is not ASCII, or the bytes hold a non-ASCII
     * character that matches the anchor (e.g. U+212A when it is k). Its {@link Cursor#next()}
     * answers {@link #UNDECIDED} where a case-insensitive comparison meets a non-ASCII byte and
     * at a whole-word match beside one.
     */
    Cursor utf8Cursor(String latin1) {
        if (anchorSequences == null) {
            return null;
        }
        for (String s : anchorSequences) {
            if (latin1.contains(s)) {
                return null;
            }
        }
        return new Cursor(latin1, true);
    }

    final class Cursor {
        private final String text;
        private final boolean utf8;
        private final int[] nextAnchor;
        private Matcher boundary;
        private int from;

        private Cursor(String text, boolean utf8) {
            this.text = text;
            this.utf8 = utf8;
            this.nextAnchor = new int[anchors.length];
            java.util.Arrays.fill(nextAnchor, -2);
        }

        /** The start of the next match, -1 when there is none, or {@link #UNDECIDED}. */
        int next() {
            int n = folded.length;
            int last = text.length() - n;
            while (from <= last) {
                int p = caseSensitive ? text.indexOf(query, from) : nextAnchor(from + anchor) - anchor;
                if (p < 0 || p > last) {
                    from = text.length() + 1;
                    return -1;
                }
                int rest = caseSensitive ? MATCH : compareRest(p);
                if (rest == UNDECIDED) {
                    return UNDECIDED;
                }
                if (rest == MATCH) {
                    if (wholeWord && utf8 && besideNonAscii(p)) {
                        return UNDECIDED;
                    }
                    if (!wholeWord || wordBounded(p)) {
                        from = p + n;
                        return p;
                    }
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

        /**
         * Whether the query matches at {@code p}, given that its anchor does: {@link #MATCH}, 0,
         * or, over UTF-8 bytes, {@link #UNDECIDED} at a non-ASCII byte. The comparison runs
         * outwards from the anchor, so every byte compared before a non-ASCII one is an ASCII
         * character at its place in the query: a mismatch there rules the match out for the
         * decoded text too, while past a non-ASCII byte (perhaps ſ in two bytes for s) the bytes
         * and the characters no longer line up.
         */
        private int compareRest(int p) {
            for (int j = anchor - 1; j >= 0; j--) {
                int r = compare(p + j, folded[j]);
                if (r != MATCH) {
                    return r;
                }
            }
            for (int j = anchor + 1; j < folded.length; j++) {
                int r = compare(p + j, folded[j]);
                if (r != MATCH) {
                    return r;
                }
            }
            return MATCH;
        }

        private int compare(int at, char q) {
            char c = text.charAt(at);
            if (c == q || fold(c) == q) {
                return MATCH;
            }
            return utf8 && c >= 0x80 ? UNDECIDED : 0;
        }

        private boolean besideNonAscii(int p) {
            int end = p + folded.length;
            return p > 0 && text.charAt(p - 1) >= 0x80 || end < text.length() && text.charAt(end) >= 0x80;
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
