package dev.stratus.examples.todo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TodoTagsTest {

    @Test
    void regexMatchesTheTagsAsWholeWordsAndCapturesTheText() {
        String regex = TodoTags.regex(List.of("TODO", "FIXME"));

        assertThat(regex).isEqualTo("\\b(TODO|FIXME)\\b[:\\s]?(.*)");
        var m = Pattern.compile(regex).matcher("    // FIXME: the cache leaks");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("FIXME");
        assertThat(m.group(2)).isEqualTo(" the cache leaks");
        assertThat(Pattern.compile(regex).matcher("String TODOS = MY_TODO;").find()).isFalse();
        assertThat(Pattern.compile(regex).matcher("// todo: lower case").find()).isFalse();
    }

    @Test
    void badTagsAreSkippedNotInjected() {
        List<Object> setting = Arrays.asList("TODO", ".*", "(", "a|b", "X Y", "", "-x", "x-", null, 42, "HACK", "TODO",
                "BUG_2", "NOTE-1", "A".repeat(41));

        List<String> tags = TodoTags.usable(setting);

        assertThat(tags).containsExactly("TODO", "HACK", "BUG_2", "NOTE-1");
        Pattern p = Pattern.compile(TodoTags.regex(tags));
        assertThat(p.matcher("nothing to do here").find()).isFalse();
        assertThat(p.matcher("a|b").find()).isFalse();
    }

    @Test
    void aRegexNeedsValidTags() {
        assertThatThrownBy(() -> TodoTags.regex(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TodoTags.regex(List.of("TODO", ".*"))).isInstanceOf(IllegalArgumentException.class);
    }
}
