package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextDocumentTest {

    private static TextRange range(int l1, int c1, int l2, int c2) {
        return new TextRange(l1, c1, l2, c2);
    }

    @Test
    void incrementalChangesApplyAtUtf16Positions() {
        TextDocument d = new TextDocument("const a = 1;\nlet 😀b = 2;\n");
        d = d.replace(range(0, 6, 0, 7), "alpha");
        assertThat(d.text()).isEqualTo("const alpha = 1;\nlet 😀b = 2;\n");
        // The emoji is two UTF-16 code units: 'b' is at character 6 of line 1.
        d = d.replace(range(1, 6, 1, 7), "beta");
        assertThat(d.text()).isEqualTo("const alpha = 1;\nlet 😀beta = 2;\n");
        d = d.replace(range(1, 0, 2, 0), "");
        assertThat(d.text()).isEqualTo("const alpha = 1;\n");
        assertThat(d.lineCount()).isEqualTo(2);
    }

    @Test
    void everyLineBreakKindEndsALine() {
        TextDocument d = new TextDocument("a\r\nbb\rccc\nd");
        assertThat(d.lineCount()).isEqualTo(4);
        assertThat(d.offset(1, 2)).isEqualTo(5);
        assertThat(d.offset(2, 3)).isEqualTo(9);
        assertThat(d.offset(3, 1)).isEqualTo(11);
        assertThat(d.replace(range(0, 1, 1, 0), "").text()).isEqualTo("abb\rccc\nd");
    }

    @Test
    void syncPositionsPastALineOrTheTextAreClamped() {
        TextDocument d = new TextDocument("ab\r\ncd");
        assertThat(d.clampedOffset(0, 99)).isEqualTo(2);
        assertThat(d.clampedOffset(7, 0)).isEqualTo(6);
        assertThat(d.clampedOffset(-1, 3)).isZero();
        assertThat(d.replace(range(1, 1, 9, 9), "X").text()).isEqualTo("ab\r\ncX");
        assertThat(d.replace(range(1, 1, 0, 0), "X").text()).isEqualTo("ab\r\ncXd");
    }

    @Test
    void emptyTextHasOneLineAndTakesAnInsert() {
        TextDocument d = new TextDocument("");
        assertThat(d.lineCount()).isEqualTo(1);
        assertThat(d.replace(range(0, 0, 0, 0), "x\n").text()).isEqualTo("x\n");
        assertThat(new TextDocument("x\n").offset(1, 0)).isEqualTo(2);
    }

    @Test
    void workspaceEditsReferToTheOriginalTextAndKeepInsertOrder() {
        TextDocument d = new TextDocument("one two three\nfour\n");
        TextDocument out = d.apply(List.of(
                new TextDocument.Edit(range(1, 0, 1, 4), "FOUR"),
                new TextDocument.Edit(range(0, 4, 0, 7), "2"),
                new TextDocument.Edit(range(0, 0, 0, 0), "A"),
                new TextDocument.Edit(range(0, 0, 0, 0), "B")));
        assertThat(out.text()).isEqualTo("ABone 2 three\nFOUR\n");
    }

    @Test
    void aWorkspaceEditOutsideTheTextOrOverlappingIsRefused() {
        TextDocument d = new TextDocument("ab\ncd");
        assertThatThrownBy(() -> d.apply(List.of(new TextDocument.Edit(range(2, 0, 2, 0), "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> d.apply(List.of(new TextDocument.Edit(range(0, 3, 0, 3), "x"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.apply(List.of(new TextDocument.Edit(range(0, 0, 0, 2), "x"),
                new TextDocument.Edit(range(0, 1, 1, 0), "y")))).hasMessageContaining("overlap");
        assertThatThrownBy(() -> d.apply(List.of(new TextDocument.Edit(range(1, 1, 0, 0), "x")))).hasMessageContaining("before");
    }
}
