package dev.stratus.server.search;

import dev.stratus.protocol.search.TextMatch;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies one candidate for an ASCII literal query on the file's bytes, with exactly the matches
 * {@link LineMatcher} finds in the decoded text: the bytes are searched as they are
 * ({@link Utf8LiteralScanner}), line breaks are counted only up to each match, and only the lines
 * that match are decoded, for their preview and, where they hold non-ASCII text, their UTF-16
 * column. Most candidates of a common query hold many lines and few matches; decoding whole
 * files and counting lines one {@code indexOf} at a time was about half of verifying them.
 *
 * <p>Offsets carry over because a line break is ASCII and a match starts with an ASCII byte: UTF-8
 * decoded from such a boundary gives the same chars as the whole text decoded, so the chars of a
 * line, or of the part of a line before a match, are those of its bytes decoded alone.
 */
final class Utf8LiteralMatcher {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Utf8LiteralMatcher() {
    }

    /**
     * At most {@code limit} matches of {@code query} in the file whose content is
     * {@code bytes[0, length)},
     * or null when they must be decoded and verified as text: the query has no
     * {@link TextQuery#utf8()} scanner, the bytes start with a UTF-16 byte-order mark, hold a
     * NUL byte among the first {@code probeBytes} (so the decoded text is not searched either),
     * or the scanner cannot decide on them.
     */
    static List<TextMatch> find(String path, byte[] bytes, int length, TextQuery query, int limit, int probeBytes) {
        Utf8LiteralScanner scanner = query.utf8();
        if (scanner == null || length >= 2 && ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe
                || (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff)
                || Utf8LiteralScanner.hasNul(bytes, 0, Math.min(length, probeBytes))) {
            return null;
        }
        int base = length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        int n = scanner.length();
        List<TextMatch> out = new ArrayList<>();
        Lines lines = new Lines(bytes, base, length);
        for (int start = scanner.find(bytes, base, base, length); start != -1 && out.size() < limit;
                start = scanner.find(bytes, base, start + n, length)) {
            if (start == Utf8LiteralScanner.UNDECIDED) {
                return null;
            }
            lines.advanceTo(start);
            out.add(new TextMatch(path, lines.line, lines.column(start), n, lines.preview()));
        }
        return out;
    }

    /**
     * The number of {@code '\n'} bytes in {@code bytes[from, to)}. Eight bytes at a time: each
     * byte of a word that is a line break becomes 1 in a per-byte tally, summed every 255 words
     * (before a byte of the tally can overflow). The inner loop has no branch and no bit count,
     * so C2 vectorises it: on the Linux tree's candidates about five times faster than a bit
     * count per word, and over ten times faster than one {@code indexOf} a line.
     */
    static int countLineBreaks(byte[] bytes, int from, int to) {
        int n = 0;
        int i = from;
        while (i + Long.BYTES <= to) {
            long tally = 0;
            for (int end = Math.min(to - Long.BYTES + 1, i + 255 * Long.BYTES); i < end; i += Long.BYTES) {
                long x = (long) LONGS.get(bytes, i) ^ 0x0a0a0a0a0a0a0a0aL;
                // The high bit of each byte of t is clear exactly when that byte of x is zero
                // (the seven low bits plus 0x7f cannot carry into the next byte).
                long t = ((x & 0x7f7f7f7f7f7f7f7fL) + 0x7f7f7f7f7f7f7f7fL) | x;
                tally += (~t >>> 7) & 0x0101010101010101L;
            }
            long pairs = (tally & 0x00ff00ff00ff00ffL) + ((tally >>> 8) & 0x00ff00ff00ff00ffL);
            n += (int) ((pairs * 0x0001000100010001L) >>> 48);
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    /** The line of increasing offsets, counted only as far as the last one asked for, decoded once. */
    private static final class Lines {
        private final byte[] bytes;
        private final int length;
        int line = 1;
        private int lineStart;
        private int scanned;
        private String preview;
        private boolean asciiLine;
        private int columnAt;
        private int columnChars;

        Lines(byte[] bytes, int start, int length) {
            this.bytes = bytes;
            this.length = length;
            this.lineStart = start;
            this.scanned = start;
        }

        void advanceTo(int offset) {
            int breaks = countLineBreaks(bytes, scanned, offset);
            scanned = offset;
            if (breaks > 0) {
                line += breaks;
                lineStart = offset;
                while (bytes[lineStart - 1] != '\n') {
                    lineStart--;
                }
            }
            if (breaks > 0 || preview == null) {
                decodeLine();
            }
        }

        private void decodeLine() {
            int nl = Utf8LiteralScanner.indexOf(bytes, (byte) '\n', lineStart, length);
            int end = nl < 0 ? length : nl;
            if (end > lineStart && bytes[end - 1] == '\r') {
                end--;
            }
            String decoded = new String(bytes, lineStart, end - lineStart, StandardCharsets.UTF_8);
            // Every byte decodes to at most one char, and only ASCII bytes (and lone malformed
            // ones) to exactly one, so as many chars as bytes means columns are byte offsets.
            asciiLine = decoded.length() == end - lineStart;
            columnAt = lineStart;
            columnChars = 0;
            int cut = Math.min(decoded.length(), LineMatcher.PREVIEW_CHARS);
            if (cut > 0 && Character.isHighSurrogate(decoded.charAt(cut - 1))) {
                cut--;
            }
            preview = decoded.substring(0, cut);
        }

        /** The 1-based UTF-16 column of {@code offset} on the current line; offsets increase. */
        int column(int offset) {
            if (asciiLine) {
                return offset - lineStart + 1;
            }
            columnChars += new String(bytes, columnAt, offset - columnAt, StandardCharsets.UTF_8).length();
            columnAt = offset;
            return columnChars + 1;
        }

        String preview() {
            return preview;
        }
    }
}
