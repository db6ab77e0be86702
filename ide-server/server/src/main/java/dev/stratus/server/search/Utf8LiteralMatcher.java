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
 * {@link LineMatcher} finds in the decoded text: the bytes are scanned as Latin-1 text
 * ({@link LiteralScanner#utf8Cursor}: one char a byte, so {@link String}'s vectorised searches
 * apply and no UTF-8 decoding runs), line breaks are counted only up to each match, and only the
 * lines that match are decoded, for their preview and, where they hold non-ASCII text, their
 * UTF-16 column. Most candidates of a common query hold many lines and few matches; decoding
 * whole files and counting lines one {@code indexOf} at a time was about half of verifying them.
 *
 * <p>Offsets carry over because a line break is ASCII and a match starts with an ASCII byte: UTF-8
 * decoded from such a boundary gives the same chars as the whole text decoded, so the chars of a
 * line, or of the part of a line before a match, are those of its bytes decoded alone.
 */
final class Utf8LiteralMatcher {
    private static final byte[] UTF8_BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Utf8LiteralMatcher() {
    }

    /**
     * At most {@code limit} matches of {@code query} (a literal with a {@link LiteralScanner}) in
     * the file whose content is {@code bytes}, or null when they must be decoded and verified as
     * text: they start with a UTF-16 byte-order mark, hold a NUL byte among the first
     * {@code probeBytes} (so the decoded text is not searched either), or the query's scanner
     * cannot decide on bytes.
     */
    static List<TextMatch> find(String path, byte[] bytes, TextQuery query, int limit, int probeBytes) {
        if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe
                || (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff)) {
            return null;
        }
        int base = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
        String text = new String(bytes, base, bytes.length - base, StandardCharsets.ISO_8859_1);
        if (text.indexOf(0, 0, Math.max(0, Math.min(bytes.length, probeBytes) - base)) >= 0) {
            return null;
        }
        LiteralScanner scanner = query.literal();
        LiteralScanner.Cursor hits = scanner.utf8Cursor(text);
        if (hits == null) {
            return null;
        }
        List<TextMatch> out = new ArrayList<>();
        Lines lines = new Lines(bytes, base, text);
        for (int start = hits.next(); start != -1 && out.size() < limit; start = hits.next()) {
            if (start == LiteralScanner.UNDECIDED) {
                return null;
            }
            lines.advanceTo(start);
            out.add(new TextMatch(path, lines.line, lines.column(start), scanner.length(), lines.preview()));
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

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The line of increasing offsets (in {@code text}, i.e. bytes after {@code base}), counted
     * only as far as the last one asked for, with the current line decoded once.
     */
    private static final class Lines {
        private final byte[] bytes;
        private final int base;
        private final String text;
        int line = 1;
        private int lineStart;
        private int scanned;
        private String preview;
        private boolean asciiLine;
        private int columnAt;
        private int columnChars;

        Lines(byte[] bytes, int base, String text) {
            this.bytes = bytes;
            this.base = base;
            this.text = text;
        }

        void advanceTo(int offset) {
            int breaks = countLineBreaks(bytes, base + scanned, base + offset);
            scanned = offset;
            if (breaks > 0 || preview == null) {
                line += breaks;
                lineStart = breaks > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : lineStart;
                decodeLine();
            }
        }

        private void decodeLine() {
            int nl = text.indexOf('\n', lineStart);
            int end = nl < 0 ? text.length() : nl;
            if (end > lineStart && text.charAt(end - 1) == '\r') {
                end--;
            }
            String decoded = new String(bytes, base + lineStart, end - lineStart, StandardCharsets.UTF_8);
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
            columnChars += new String(bytes, base + columnAt, offset - columnAt, StandardCharsets.UTF_8).length();
            columnAt = offset;
            return columnChars + 1;
        }

        String preview() {
            return preview;
        }
    }
}
