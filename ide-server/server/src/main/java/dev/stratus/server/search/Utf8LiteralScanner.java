package dev.stratus.server.search;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds an ASCII literal query in UTF-8 bytes, with exactly the matches {@link LiteralScanner}
 * finds in the decoded text (leftmost, non-overlapping, each at the byte its first character
 * decodes from), or says where it cannot tell ({@link #UNDECIDED}): the caller then decodes the
 * file. Not decoding saves a pass and a copy of every candidate file; most of them hold the
 * query a few times at most.
 *
 * <p>Why bytes give the same matches: Java's UTF-8 decoder turns every ASCII byte into the same
 * character and no other byte into an ASCII one (malformed input becomes U+FFFD, never
 * swallowing an ASCII byte), so a run of ASCII characters is the same run of bytes. A match of an
 * ASCII query is such a run, except case-insensitively, where four non-ASCII characters fold
 * onto ASCII letters: U+0130 and U+0131 onto i, U+017F onto s, U+212A onto k (see
 * {@link LiteralScanner}). So anchors are never i, s or k then; the query is compared outwards from
 * the anchor, and meeting a non-ASCII byte before a mismatch is {@link #UNDECIDED}. A whole-word
 * match beside a non-ASCII byte is too (Unicode word characters are the pattern's to decide).
 *
 * <p>The search for anchors reads eight bytes at a time: a zero-byte test on the word XOR the
 * anchor repeated, after OR 0x20 when the anchor is a case-insensitive letter (a byte OR 0x20
 * equals a lower-case letter exactly when it is that letter in either case).
 * Where the query allows, two anchors are tested together: the rarest character and the next
 * rarest with no i, s or k between them (so no folding character can shift one against the
 * other), which skips most places where only the rarest one matches.
 */
final class Utf8LiteralScanner {
    /** Returned by {@link #find}: the bytes cannot tell whether the query matches here; decode them. */
    static final int UNDECIDED = -2;
    private static final int MATCH = 1;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    /**
     * A second anchor must be rarer than the ten most frequent characters (space, e, tab, t, _,
     * r, i, s, n, a): testing one as common as r costs more than the places it rules out.
     */
    private static final int MIN_SECOND_RANK = 10;

    private final byte[] query;
    private final byte[] caseMask;
    private final boolean caseSensitive;
    private final boolean wholeWord;
    private final int anchor;
    private final int second;
    private final long anchorMask;
    private final long anchorTarget;
    private final long secondMask;
    private final long secondTarget;

    private Utf8LiteralScanner(byte[] query, byte[] caseMask, boolean caseSensitive, boolean wholeWord, int anchor, int second) {
        this.query = query;
        this.caseMask = caseMask;
        this.caseSensitive = caseSensitive;
        this.wholeWord = wholeWord;
        this.anchor = anchor;
        this.second = second;
        this.anchorMask = caseMask[anchor] * ONES;
        this.anchorTarget = query[anchor] * ONES;
        this.secondMask = caseMask[second] * ONES;
        this.secondTarget = query[second] * ONES;
    }

    /**
     * A scanner for {@code query}, or null when bytes cannot be scanned for it: it is empty or not
     * ASCII, or case-insensitive with only i, s and k to anchor on.
     */
    static Utf8LiteralScanner of(String query, boolean caseSensitive, boolean wholeWord) {
        int n = query.length();
        if (n == 0 || !query.chars().allMatch(c -> c < 0x80)) {
            return null;
        }
        byte[] bytes = new byte[n];
        byte[] caseMask = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = query.charAt(i);
            boolean letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
            bytes[i] = (byte) (caseSensitive || !letter ? c : c | 0x20);
            caseMask[i] = (byte) (caseSensitive || !letter ? 0 : 0x20);
        }
        int anchor = -1;
        for (int i = 0; i < n; i++) {
            if (canAnchor(bytes[i], caseSensitive) && (anchor < 0 || LiteralScanner.rank((char) bytes[i]) > LiteralScanner.rank((char) bytes[anchor]))) {
                anchor = i;
            }
        }
        if (anchor < 0) {
            return null;
        }
        int second = anchor;
        for (int dir = -1; dir <= 1; dir += 2) {
            for (int i = anchor + dir; i >= 0 && i < n && canAnchor(bytes[i], caseSensitive); i += dir) {
                if (LiteralScanner.rank((char) bytes[i]) >= MIN_SECOND_RANK
                        && (second == anchor || LiteralScanner.rank((char) bytes[i]) > LiteralScanner.rank((char) bytes[second]))) {
                    second = i;
                }
            }
        }
        return new Utf8LiteralScanner(bytes, caseMask, caseSensitive, wholeWord, anchor, second);
    }

    /** Whether no non-ASCII character matches {@code b} (as the query holds it). */
    private static boolean canAnchor(byte b, boolean caseSensitive) {
        return caseSensitive || b != 'i' && b != 's' && b != 'k';
    }

    int length() {
        return query.length;
    }

    /**
     * The start of the first match in {@code bytes[from, end)}, -1 when there is none, or
     * {@link #UNDECIDED}; {@code start} is where the text starts (a line edge for whole words).
     */
    int find(byte[] bytes, int start, int from, int end) {
        int n = query.length;
        for (int p = from; ; ) {
            int hit = nextAnchors(bytes, p, end - n);
            if (hit < 0) {
                return -1;
            }
            int rest = compareRest(bytes, hit);
            if (rest == UNDECIDED) {
                return UNDECIDED;
            }
            if (rest == MATCH) {
                if (!wholeWord) {
                    return hit;
                }
                int before = hit > start ? bytes[hit - 1] : ' ';
                int after = hit + n < end ? bytes[hit + n] : ' ';
                if (before < 0 || after < 0) {
                    return UNDECIDED;
                }
                if (!asciiWord(before) && !asciiWord(after)) {
                    return hit;
                }
            }
            p = hit + 1;
        }
    }

    /** The first position in {@code [p, last]} where the query's anchors both match, or -1. */
    private int nextAnchors(byte[] bytes, int p, int last) {
        for (; p + Long.BYTES - 1 <= last; p += Long.BYTES) {
            long z = zeroBytes(((long) LONGS.get(bytes, p + anchor) | anchorMask) ^ anchorTarget)
                    & zeroBytes(((long) LONGS.get(bytes, p + second) | secondMask) ^ secondTarget);
            if (z != 0) {
                return p + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        for (; p <= last; p++) {
            if (matches(bytes[p + anchor], anchor) && matches(bytes[p + second], second)) {
                return p;
            }
        }
        return -1;
    }

    /**
     * {@link #MATCH} when the query matches at {@code p} (its anchor does), 0 when not, or
     * (case-insensitive) {@link #UNDECIDED} at a non-ASCII byte met first. Outwards from the
     * anchor, every byte compared before a non-ASCII one is an ASCII character at its place in
     * the query, so a mismatch there rules the match out for the decoded text too; past a
     * non-ASCII byte (perhaps ſ in two bytes for s) bytes and characters no longer line up.
     */
    private int compareRest(byte[] bytes, int p) {
        for (int j = anchor - 1; j >= 0; j--) {
            int r = compare(bytes[p + j], j);
            if (r != MATCH) {
                return r;
            }
        }
        for (int j = anchor + 1; j < query.length; j++) {
            int r = compare(bytes[p + j], j);
            if (r != MATCH) {
                return r;
            }
        }
        return MATCH;
    }

    private int compare(byte b, int j) {
        if (matches(b, j)) {
            return MATCH;
        }
        return b < 0 && !caseSensitive ? UNDECIDED : 0;
    }

    private boolean matches(byte b, int j) {
        return (byte) (b | caseMask[j]) == query[j];
    }

    /** A word whose bytes are 0x80 exactly where those of {@code x} are zero. */
    private static long zeroBytes(long x) {
        // Adding 0x7f to the seven low bits of a byte sets its high bit unless they are all zero,
        // and cannot carry into the next byte.
        return ~(((x & 0x7f7f7f7f7f7f7f7fL) + 0x7f7f7f7f7f7f7f7fL) | x) & 0x8080808080808080L;
    }

    /**
     * Whether {@code bytes[from, to)} hold a NUL byte. Without a branch in the loop (so C2
     * vectorises it): on the first 8 KiB of every candidate, an early exit eight bytes at a time
     * cost several times more.
     */
    static boolean hasNul(byte[] bytes, int from, int to) {
        long zeros = 0;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            zeros |= zeroBytes((long) LONGS.get(bytes, i));
        }
        for (; i < to; i++) {
            zeros |= bytes[i] == 0 ? 1 : 0;
        }
        return zeros != 0;
    }

    /** The first {@code b} byte in {@code bytes[from, to)}, or -1; eight bytes at a time. */
    static int indexOf(byte[] bytes, byte b, int from, int to) {
        long target = b * ONES;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long z = zeroBytes((long) LONGS.get(bytes, i) ^ target);
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean asciiWord(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
