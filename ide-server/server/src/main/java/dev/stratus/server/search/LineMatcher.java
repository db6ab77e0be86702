package dev.stratus.server.search;

import dev.stratus.protocol.search.TextMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Verifies one candidate file: finds the query's matches in its text and reports each with its
 * 1-based line, 1-based column and length in UTF-16 code units, and the line as a preview. A
 * literal runs over the whole text (it cannot span lines); a regular expression runs line by line
 * (so {@code \s} or {@code [^x]} never cross a line break, as in ripgrep), each line under a
 * deadline, skipping the lines that lack text every match must contain. A line whose only
 * matches are empty (e.g. {@code a*}) reports one empty match.
 */
final class LineMatcher {
    static final int PREVIEW_CHARS = 1000;

    private LineMatcher() {
    }

    /**
     * At most {@code limit} matches of {@code query} in {@code text}.
     *
     * @throws DeadlineCharSequence.Expired when a regular expression spends longer than
     *     {@code lineTimeoutNanos} on one line
     */
    static List<TextMatch> find(String path, String text, TextQuery query, int limit, long lineTimeoutNanos) {
        if (query.regex()) {
            return byLine(path, text, query, limit, lineTimeoutNanos);
        }
        return query.literal() != null ? literal(path, text, query.literal(), limit) : whole(path, text, query, limit);
    }

    private static List<TextMatch> literal(String path, String text, LiteralScanner scanner, int limit) {
        List<TextMatch> out = new ArrayList<>();
        LiteralScanner.Cursor hits = scanner.cursor(text);
        Lines lines = new Lines(text);
        for (int start = hits.next(); start >= 0 && out.size() < limit; start = hits.next()) {
            lines.advanceTo(start);
            out.add(new TextMatch(path, lines.line, start - lines.lineStart + 1, scanner.length(), preview(text, lines.lineStart)));
        }
        return out;
    }

    private static List<TextMatch> whole(String path, String text, TextQuery query, int limit) {
        List<TextMatch> out = new ArrayList<>();
        Matcher m = query.pattern().matcher(text);
        Lines lines = new Lines(text);
        while (out.size() < limit && m.find()) {
            int start = m.start();
            lines.advanceTo(start);
            out.add(new TextMatch(path, lines.line, start - lines.lineStart + 1, m.end() - start, preview(text, lines.lineStart)));
        }
        return out;
    }

    /** The line of increasing offsets, counted only as far as the last one asked for. */
    private static final class Lines {
        private final String text;
        int line = 1;
        int lineStart;
        private int scanned;

        Lines(String text) {
            this.text = text;
        }

        void advanceTo(int offset) {
            for (int nl = text.indexOf('\n', scanned); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
                line++;
                lineStart = nl + 1;
            }
            scanned = offset;
        }
    }

    private static List<TextMatch> byLine(String path, String text, TextQuery query, int limit, long lineTimeoutNanos) {
        List<TextMatch> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        DeadlineCharSequence seq = new DeadlineCharSequence(text);
        Matcher m = query.pattern().matcher(seq);
        String required = query.lineLiteral();
        int line = 0;
        for (int start = 0; start <= text.length() && out.size() < limit; ) {
            if (required != null) {
                int hit = text.indexOf(required, start);
                if (hit < 0) {
                    break;
                }
                int skipTo = text.lastIndexOf('\n', hit - 1) + 1;
                for (int nl = text.indexOf('\n', start); nl >= 0 && nl < skipTo; nl = text.indexOf('\n', nl + 1)) {
                    line++;
                }
                start = Math.max(start, skipTo);
            }
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            line++;
            if (nl < 0 && start == end && start > 0) {
                break; // the text ends with a line break: no empty last line, as in ripgrep
            }
            seq.deadline(System.nanoTime() + lineTimeoutNanos);
            m.region(start, end);
            TextMatch firstEmpty = null;
            boolean any = false;
            while (out.size() < limit && m.find()) {
                if (m.end() == m.start()) {
                    if (firstEmpty == null && !any) {
                        firstEmpty = new TextMatch(path, line, m.start() - start + 1, 0, null);
                    }
                    continue;
                }
                any = true;
                out.add(new TextMatch(path, line, m.start() - start + 1, m.end() - m.start(), preview(text, start)));
            }
            if (!any && firstEmpty != null) {
                out.add(new TextMatch(path, line, firstEmpty.column(), 0, preview(text, start)));
            }
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return out;
    }

    private static String preview(String text, int lineStart) {
        int nl = text.indexOf('\n', lineStart);
        int end = nl < 0 ? text.length() : nl;
        if (end > lineStart && text.charAt(end - 1) == '\r') {
            end--;
        }
        end = Math.min(end, lineStart + PREVIEW_CHARS);
        if (end > lineStart && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(lineStart, end);
    }
}
