package dev.stratus.ai.governance;

import java.util.ArrayList;
import java.util.List;

/**
 * The spans of a text that rule after rule replaced, in the offsets of the text as it was before
 * the first: each rule reads the text with the earlier placeholders in it, and what it finds is
 * mapped back through them. A span that takes in an earlier placeholder takes in that
 * placeholder's span.
 */
final class ReplacedSpans {
    /** {@code [start, end)} of the original text, replaced by {@code placeholder}. */
    record Span(int start, int end, String placeholder) {
    }

    private final List<Span> spans = new ArrayList<>();

    /** The spans replaced so far, in order and apart. */
    List<Span> spans() {
        return spans;
    }

    /** Adds one rule's replacements, given in the offsets of the text it read; in order and apart. */
    void add(List<Span> found) {
        List<Span> merged = new ArrayList<>(spans.size() + found.size());
        int next = 0;
        for (Span f : found) {
            int start = original(f.start(), false);
            int end = original(f.end(), true);
            while (next < spans.size() && spans.get(next).end() <= start) {
                merged.add(spans.get(next++));
            }
            while (next < spans.size() && spans.get(next).start() < end) {
                next++; // taken in by the new span
            }
            merged.add(new Span(start, end, f.placeholder()));
        }
        merged.addAll(spans.subList(next, spans.size()));
        spans.clear();
        spans.addAll(merged);
    }

    /** Where {@code at}, an offset of the text with the placeholders so far in it, was; inside a placeholder, its span's start or end. */
    private int original(int at, boolean end) {
        int shift = 0;
        for (Span s : spans) {
            int placeholderStart = s.start() + shift;
            int placeholderEnd = placeholderStart + s.placeholder().length();
            if (at < placeholderEnd && (end ? at > placeholderStart : at >= placeholderStart)) {
                return end ? s.end() : s.start();
            }
            if (at < placeholderEnd) {
                break;
            }
            shift += s.placeholder().length() - (s.end() - s.start());
        }
        return at - shift;
    }
}
