package dev.stratus.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Include/exclude globs follow ripgrep's gitignore-style {@code -g} semantics. */
class SearchGlobFilterTest {
    private static GlobFilter include(String... globs) {
        return GlobFilter.of(List.of(globs), List.of());
    }

    private static GlobFilter exclude(String... globs) {
        return GlobFilter.of(List.of(), List.of(globs));
    }

    @Test
    void aGlobWithoutSlashMatchesNamesAtAnyDepth() {
        assertThat(include("*.ts").accepts("a/b/c.ts")).isTrue();
        assertThat(include("*.ts").accepts("c.ts")).isTrue();
        assertThat(include("*.ts").accepts("c.tsx")).isFalse();
        assertThat(include("c.?s").accepts("x/c.js")).isTrue();
        assertThat(include("*.ts").accepts("a/.ts")).isTrue();
        assertThat(include("*.ts").accepts("a/c.TS")).isFalse();
        assertThat(include("**/*.ts").accepts("a/b/c.ts")).isTrue();
        assertThat(exclude("*.d").accepts("a.d/b.ts")).isFalse();
        assertThat(exclude("*.d/").accepts("a/b.d")).isTrue();
    }

    @Test
    void aGlobWithSlashIsAnchoredAndStarsStopAtSlashes() {
        assertThat(include("src/*.java").accepts("src/A.java")).isTrue();
        assertThat(include("src/*.java").accepts("src/x/A.java")).isFalse();
        assertThat(include("src/*.java").accepts("lib/src/A.java")).isFalse();
        assertThat(include("/A.java").accepts("A.java")).isTrue();
        assertThat(include("/A.java").accepts("x/A.java")).isFalse();
        assertThat(include("src/**/*.java").accepts("src/A.java")).isTrue();
        assertThat(include("src/**/*.java").accepts("src/a/b/A.java")).isTrue();
        assertThat(include("**/test/*.py").accepts("test/t.py")).isTrue();
        assertThat(include("**/test/*.py").accepts("a/test/t.py")).isTrue();
        assertThat(include("src/**").accepts("src/a/b")).isTrue();
        assertThat(include("src/**").accepts("srcx/a")).isFalse();
    }

    @Test
    void classesAlternativesAndEscapes() {
        assertThat(include("*.{ts,tsx}").accepts("a.tsx")).isTrue();
        assertThat(include("*.{ts,tsx}").accepts("a.js")).isFalse();
        assertThat(include("file[0-9].txt").accepts("file7.txt")).isTrue();
        assertThat(include("file[!0-9].txt").accepts("file7.txt")).isFalse();
        assertThat(include("file[!0-9].txt").accepts("fileA.txt")).isTrue();
        assertThat(include("\\*.txt").accepts("*.txt")).isTrue();
        assertThat(include("\\*.txt").accepts("a.txt")).isFalse();
        assertThat(include("a,b").accepts("a,b")).isTrue();
    }

    @Test
    void excludingAFolderExcludesEverythingBelowIt() {
        assertThat(exclude("docs").accepts("docs/a/b.md")).isFalse();
        assertThat(exclude("docs").accepts("x/docs/b.md")).isFalse();
        assertThat(exclude("docs").accepts("documentation/b.md")).isTrue();
        assertThat(exclude("gen/").accepts("gen")).as("a trailing slash matches folders only").isTrue();
        assertThat(exclude("gen/").accepts("gen/a.txt")).isFalse();
        assertThat(exclude("/docs").accepts("x/docs/b.md")).isTrue();
    }

    @Test
    void excludesWinOverIncludes() {
        GlobFilter f = GlobFilter.of(List.of("*.java"), List.of("test/**"));
        assertThat(f.accepts("src/A.java")).isTrue();
        assertThat(f.accepts("test/A.java")).isFalse();
        assertThat(f.accepts("src/A.kt")).isFalse();
    }

    @Test
    void blankGlobsAndCommentsAreIgnored() {
        assertThat(GlobFilter.of(List.of(" ", "#x"), List.of("")).acceptsAll()).isTrue();
    }

    @Test
    void malformedGlobsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> include("[abc")).isInstanceOf(SearchException.class).hasMessageContaining("unclosed character class");
        assertThatThrownBy(() -> include("{a,b")).hasMessageContaining("unclosed alternate group");
        assertThatThrownBy(() -> include("a}")).hasMessageContaining("unopened alternate group");
        assertThatThrownBy(() -> include("{a,{b}}")).hasMessageContaining("nested alternate");
        assertThatThrownBy(() -> include("[z-a]")).hasMessageContaining("invalid range");
        assertThatThrownBy(() -> exclude("x\\")).hasMessageContaining("dangling");
        assertThatThrownBy(() -> GlobFilter.of(java.util.Arrays.asList((String) null), List.of())).isInstanceOf(SearchException.class);
    }
}
