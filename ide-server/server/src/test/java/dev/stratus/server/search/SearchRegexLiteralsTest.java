package dev.stratus.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Required literals drive candidate selection, so they must never claim more than every match holds. */
class SearchRegexLiteralsTest {

    @Test
    void extractsTopLevelLiteralRuns() {
        assertThat(RegexLiterals.required("foo\\w+bar")).containsExactly("foo", "bar");
        assertThat(RegexLiterals.required("colou?r")).containsExactly("colo", "r");
        assertThat(RegexLiterals.required("ab+c")).containsExactly("ab", "c");
        assertThat(RegexLiterals.required("a.b\\(c\\)")).containsExactly("a", "b(c)");
        assertThat(RegexLiterals.required("x{0,2}yz")).containsExactly("yz");
        assertThat(RegexLiterals.required("\\Qa.b\\E+c")).containsExactly("a.b", "c");
        assertThat(RegexLiterals.required("[abc]def(gh|ij)kl")).containsExactly("def", "kl");
        assertThat(RegexLiterals.required("\\x41BC\\u0044EF")).containsExactly("BC", "EF");
        assertThat(RegexLiterals.required("\\p{Lu}pper\\d+")).containsExactly("pper");
    }

    @Test
    void requiresNothingWhenAnyPartIsOptional() {
        assertThat(RegexLiterals.required("foo|bar")).isEmpty();
        assertThat(RegexLiterals.required("(?x) f o o")).isEmpty();
        assertThat(RegexLiterals.required("(a+)+$")).isEmpty();
        assertThat(RegexLiterals.required("a*")).isEmpty();
    }

    /** Randomised: for every generated regex and text, a match implies every required literal occurs. */
    @Test
    void everyMatchContainsEveryRequiredLiteral() {
        String[] atoms = {"a", "b", "ab", "ba", "\\.", ".", "[ab]", "(a|b)", "\\w", "\\d", "x", "(?:ab)", "\\Qa.\\E", "1"};
        String[] quantifiers = {"", "", "", "*", "+", "?", "{0,2}", "{1,2}", "*?", "++"};
        Random r = new Random(5);
        int checked = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder re = new StringBuilder();
            for (int k = 0, n = 1 + r.nextInt(6); k < n; k++) {
                re.append(atoms[r.nextInt(atoms.length)]).append(quantifiers[r.nextInt(quantifiers.length)]);
            }
            Pattern p = Pattern.compile(re.toString());
            List<String> literals = RegexLiterals.required(re.toString());
            for (int t = 0; t < 30; t++) {
                String text = randomText(r);
                var m = p.matcher(text);
                while (m.find()) {
                    String matched = m.group();
                    for (String literal : literals) {
                        assertThat(matched).as("regex %s matched %s", re, matched).contains(literal);
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).as("the property was exercised").isGreaterThan(10_000);
    }

    private static String randomText(Random r) {
        String alphabet = "ab.x1 ";
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = r.nextInt(12); i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
