package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Spans found by later rules, in a text with earlier placeholders in it, are mapped back to the text as it was. */
class ReplacedSpansTest {
    private static ReplacedSpans.Span span(int start, int end, String placeholder) {
        return new ReplacedSpans.Span(start, end, placeholder);
    }

    @Test
    void aSpanAfterAnEarlierPlaceholderIsShiftedBackByWhatThePlaceholderChanged() {
        ReplacedSpans spans = new ReplacedSpans();
        spans.add(List.of(span(2, 4, "[X]"))); // abcdefghij -> ab[X]efghij
        spans.add(List.of(span(7, 9, "[Y]"))); // "gh" of ab[X]efghij
        assertThat(spans.spans()).containsExactly(span(2, 4, "[X]"), span(6, 8, "[Y]"));
    }

    @Test
    void aSpanBeforeAnEarlierPlaceholderKeepsItsOffsets() {
        ReplacedSpans spans = new ReplacedSpans();
        spans.add(List.of(span(6, 8, "[LONGER]")));
        spans.add(List.of(span(0, 2, "[Y]")));
        assertThat(spans.spans()).containsExactly(span(0, 2, "[Y]"), span(6, 8, "[LONGER]"));
    }

    @Test
    void aSpanThatTakesInAnEarlierPlaceholderOrEndsInsideOneTakesInItsSpan() {
        ReplacedSpans spans = new ReplacedSpans();
        spans.add(List.of(span(2, 4, "[X]"), span(6, 7, "[Z]"))); // abcdefghij -> ab[X]ef[Z]hij
        spans.add(List.of(span(1, 6, "[Y]"))); // "b[X]e"
        assertThat(spans.spans()).containsExactly(span(1, 5, "[Y]"), span(6, 7, "[Z]"));

        ReplacedSpans inside = new ReplacedSpans();
        inside.add(List.of(span(2, 4, "[X]")));
        inside.add(List.of(span(0, 3, "[Y]"))); // "ab[" ends inside [X]
        assertThat(inside.spans()).containsExactly(span(0, 4, "[Y]"));
    }
}
