package dev.stratus.ai.governance;

import java.util.Arrays;
import java.util.List;

/**
 * The double-quoted string literals of a text, decoded and joined, so that the rules read what a
 * string holds: a Jupyter notebook keeps each line of a cell's source and output as a JSON string
 * ({@code "API_TOKEN=abcd1234\n"}, {@code "db_password = \"hunter2\"\n"}), where a line-anchored
 * rule never sees the line start and a quote is {@code \"}. A span found in the decoded text is
 * replaced in the text's own, escaped, characters: a placeholder never breaks the JSON.
 *
 * <p>Only a text that looks like JSON with escaped line breaks is decoded (a notebook's
 * {@code "cell_type"}, or a string ending {@code \n"}), and in it only the strings with an
 * escape, or in a notebook all of them: decoding costs ordinary source next to nothing.
 */
final class EscapedStrings {
    /**
     * Between two strings: a line of its own holding NUL. Line-anchored rules start each string
     * afresh, and the line ends and blanks that multi-line rules cross stop at the NUL. Not between
     * a string that ends a line and the next element of the same array: those are the lines of
     * one text (a notebook cell's source, a stream's output), read as the file they would make,
     * so that a {@code .netrc} or a key written out over a cell's lines is read whole.
     */
    static final String SEPARATOR = "\n\u0000\n";
    private final String raw;
    /** Where the last string added ends in {@code raw} (its closing quote), -1 before the first. */
    private int lastEnd = -1;
    private final StringBuilder decoded;
    /** For each character of {@code decoded}: where in {@code raw} its escape starts, -1 for a separator's. */
    private int[] from;
    /** For each character of {@code decoded}: where in {@code raw} its escape ends. */
    private int[] to;

    private EscapedStrings(String raw) {
        this.raw = raw;
        this.decoded = new StringBuilder();
        this.from = new int[64];
        this.to = new int[64];
    }

    /** The strings of {@code text} to read decoded, or null when it does not look like JSON with escaped line breaks or has none. */
    static EscapedStrings find(String text) {
        boolean notebook = text.contains("\"cell_type\"");
        if (!notebook && !text.contains("\\n\"")) {
            return null;
        }
        EscapedStrings strings = new EscapedStrings(text);
        int pos = 0;
        while (pos < text.length()) {
            if (!notebook) {
                // Outside a notebook a string without a backslash reads the same decoded: go to the next line that has one.
                int backslash = text.indexOf('\\', pos);
                if (backslash < 0) {
                    break;
                }
                pos = Math.max(pos, text.lastIndexOf('\n', backslash) + 1);
            }
            int lineEnd = text.indexOf('\n', pos);
            lineEnd = lineEnd < 0 ? text.length() : lineEnd;
            strings.line(pos, lineEnd, notebook);
            pos = lineEnd + 1;
        }
        return strings.decoded.isEmpty() ? null : strings;
    }

    /** The text the strings were found in. */
    String raw() {
        return raw;
    }

    /** The decoded strings, joined by {@link #SEPARATOR} (a text's lines by nothing). */
    String decoded() {
        return decoded.toString();
    }

    /**
     * The raw text with each span of the decoded text replaced by its placeholder, each in the
     * escapes it was decoded from. A span that runs over more than one string is replaced in each
     * string it covers.
     */
    String replace(List<ReplacedSpans.Span> spans) {
        StringBuilder out = new StringBuilder(raw.length());
        int last = 0;
        for (ReplacedSpans.Span span : spans) {
            int i = span.start();
            while (i < span.end()) {
                while (i < span.end() && from[i] < 0) {
                    i++;
                }
                int first = i;
                // One string at a time: where two lines' strings meet, their raw characters do not.
                while (i < span.end() && from[i] >= 0 && (i == first || from[i] == to[i - 1])) {
                    i++;
                }
                if (i > first) {
                    out.append(raw, last, from[first]).append(span.placeholder());
                    last = to[i - 1];
                }
            }
        }
        return out.append(raw, last, raw.length()).toString();
    }

    /** Adds the strings of the line {@code [start, end)}: all, or those with an escape. */
    private void line(int start, int end, boolean all) {
        int i = start;
        while (i < end) {
            if (raw.charAt(i) != '"') {
                i++;
                continue;
            }
            int j = i + 1;
            boolean escaped = false;
            while (j < end && raw.charAt(j) != '"') {
                if (raw.charAt(j) == '\\') {
                    escaped = true;
                    j++;
                }
                j++;
            }
            if (j >= end) {
                return;
            }
            if (escaped || all) {
                add(i + 1, j);
                lastEnd = j;
            }
            i = j + 1;
        }
    }

    /** Decodes the string {@code raw[start, end)} onto {@link #decoded}, after a separator unless it goes on a text's lines. */
    private void add(int start, int end) {
        if (!decoded.isEmpty() && !nextLine(start - 1)) {
            for (int k = 0; k < SEPARATOR.length(); k++) {
                append(SEPARATOR.charAt(k), -1, -1);
            }
        }
        int i = start;
        while (i < end) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= end) {
                append(c, i, i + 1);
                i++;
                continue;
            }
            char n = raw.charAt(i + 1);
            if (n == 'u' && i + 6 <= end && hex(i + 2, i + 6)) {
                append((char) Integer.parseInt(raw, i + 2, i + 6, 16), i, i + 6);
                i += 6;
                continue;
            }
            // JSON's escapes; any other (\' and \$ in other languages' strings) stands for the character after it.
            append(switch (n) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case 'b' -> '\b';
                case 'f' -> '\f';
                default -> n;
            }, i, i + 2);
            i += 2;
        }
    }

    /**
     * Whether the string opening at {@code quote} is the next line of the last one added: that one
     * ended with a line break, and only a comma and blanks lie between them.
     */
    private boolean nextLine(int quote) {
        int last = decoded.length() - 1;
        if (lastEnd < 0 || decoded.charAt(last) != '\n' || from[last] < 0) {
            return false;
        }
        boolean comma = false;
        for (int i = lastEnd + 1; i < quote; i++) {
            char c = raw.charAt(i);
            if (c == ',' && !comma) {
                comma = true;
            } else if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return comma;
    }

    private boolean hex(int start, int end) {
        for (int i = start; i < end; i++) {
            if (Character.digit(raw.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private void append(char c, int rawStart, int rawEnd) {
        int at = decoded.length();
        if (at == from.length) {
            from = Arrays.copyOf(from, at * 2);
            to = Arrays.copyOf(to, at * 2);
        }
        from[at] = rawStart;
        to[at] = rawEnd;
        decoded.append(c);
    }
}
