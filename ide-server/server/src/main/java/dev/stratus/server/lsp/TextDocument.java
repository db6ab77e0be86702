package dev.stratus.server.lsp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Text as LSP addresses it: lines end at {@code \n}, {@code \r\n} or {@code \r}, and a position's
 * character counts UTF-16 code units, which is what a Java {@code char} is. Immutable: edits
 * return a new document. Line starts are computed once per document, on first use.
 */
final class TextDocument {
    private final String text;
    private int[] lineStarts;

    TextDocument(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    int lineCount() {
        return lineStarts().length;
    }

    /**
     * The offset of a position, clamped as LSP asks of a document sync: a character past the end
     * of its line means the line's end, a line past the last means the end of the text.
     */
    int clampedOffset(int line, int character) {
        int[] starts = lineStarts();
        if (line < 0) {
            return 0;
        }
        if (line >= starts.length) {
            return text.length();
        }
        return starts[line] + Math.min(Math.max(character, 0), lineLength(line));
    }

    /** The offset of a position that must exist; IllegalArgumentException naming it otherwise. */
    int offset(int line, int character) {
        int[] starts = lineStarts();
        if (line < 0 || line >= starts.length || character < 0 || character > lineLength(line)) {
            throw new IllegalArgumentException("Position " + line + ":" + character + " is outside the text ("
                    + starts.length + " lines)");
        }
        return starts[line] + character;
    }

    /** The document after replacing {@code range} (clamped, see {@link #clampedOffset}) with {@code newText}. */
    TextDocument replace(TextRange range, String newText) {
        int start = clampedOffset(range.startLine(), range.startCharacter());
        int end = Math.max(start, clampedOffset(range.endLine(), range.endCharacter()));
        return new TextDocument(text.substring(0, start) + newText + text.substring(end));
    }

    /** One text edit of a workspace edit. */
    record Edit(TextRange range, String newText) {
    }

    /**
     * Applies the text edits of one file, as a workspace edit carries them: every range refers to
     * this document (not to the result of earlier edits), ranges may not overlap, and inserts at
     * the same position land in the order given. IllegalArgumentException when a range lies
     * outside the text or two overlap.
     */
    TextDocument apply(List<Edit> edits) {
        record Span(int start, int end, String newText) {
        }
        List<Span> spans = new ArrayList<>(edits.size());
        for (Edit e : edits) {
            TextRange r = e.range();
            int start = offset(r.startLine(), r.startCharacter());
            int end = offset(r.endLine(), r.endCharacter());
            if (end < start) {
                throw new IllegalArgumentException("Range ends before it starts: " + r);
            }
            spans.add(new Span(start, end, e.newText() == null ? "" : e.newText()));
        }
        spans.sort(Comparator.comparingInt(Span::start)); // stable: equal starts keep their order
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Span s : spans) {
            if (s.start() < at) {
                throw new IllegalArgumentException("Text edits overlap at offset " + s.start());
            }
            out.append(text, at, s.start()).append(s.newText());
            at = s.end();
        }
        return new TextDocument(out.append(text, at, text.length()).toString());
    }

    private int lineLength(int line) {
        int[] starts = lineStarts();
        int end = line + 1 < starts.length ? starts[line + 1] : text.length();
        if (line + 1 < starts.length) {
            end--; // the line break: \n or \r
            if (end > starts[line] && text.charAt(end) == '\n' && text.charAt(end - 1) == '\r') {
                end--;
            }
        }
        return end - starts[line];
    }

    private int[] lineStarts() {
        if (lineStarts == null) {
            int[] starts = new int[16];
            int n = 1;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    if (n == starts.length) {
                        starts = Arrays.copyOf(starts, n * 2);
                    }
                    starts[n++] = i + 1;
                }
            }
            lineStarts = Arrays.copyOf(starts, n);
        }
        return lineStarts;
    }
}
