package dev.stratus.ai.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What of the code around the cursor an inline completion sends: whole lines, nearest the cursor. */
class InlineCompletionsTest {
    @Test
    void aShortPrefixAndSuffixAreSentWhole() {
        assertThat(InlineCompletions.prefix("a\nb", 10)).isEqualTo("a\nb");
        assertThat(InlineCompletions.suffix("c\nd", 10)).isEqualTo("c\nd");
    }

    @Test
    void aLongPrefixKeepsTheLastWholeLines() {
        assertThat(InlineCompletions.prefix("first line\nsecond\nthird = ", 14)).isEqualTo("third = ");
        assertThat(InlineCompletions.prefix("first line\nsecond\nthird = ", 15)).isEqualTo("second\nthird = ");
    }

    @Test
    void aLongSuffixKeepsTheFirstWholeLines() {
        assertThat(InlineCompletions.suffix(";\nsecond\nthird line", 10)).isEqualTo(";\nsecond");
        assertThat(InlineCompletions.suffix(";\nsecond\nthird line", 8)).isEqualTo(";\nsecond");
        assertThat(InlineCompletions.suffix(";\nsecond\nthird line", 7)).isEqualTo(";");
    }

    @Test
    void aCursorLineLongerThanTheBoundIsCutNearTheCursor() {
        assertThat(InlineCompletions.prefix("x".repeat(20) + "= ", 5)).isEqualTo("xxx= ");
        assertThat(InlineCompletions.suffix(");" + "y".repeat(20), 5)).isEqualTo(");yyy");
    }
}
