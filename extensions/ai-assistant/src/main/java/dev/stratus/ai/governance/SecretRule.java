package dev.stratus.ai.governance;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * One kind of secret: where a match of {@code pattern} is accepted, its {@code group} is replaced
 * with {@code [REDACTED:<kind>]}.
 *
 * @param kind the placeholder's and finding's name
 * @param pattern what a candidate looks like; written so that its time is linear in the input
 *     (bounded or possessive quantifiers), the deadline catches the rest
 * @param group the group to replace, 0 for the whole match
 * @param accept a second look at a candidate (entropy, placeholders), true to redact
 * @param needles literals of which every match holds one; a text holding none is not scanned.
 *     Empty: always scanned. Redaction runs on every prompt, and finding a literal costs far less
 *     than running a pattern over the text.
 */
record SecretRule(String kind, Pattern pattern, int group, Predicate<MatchResult> accept, List<String> needles) {
    SecretRule(String kind, Pattern pattern, int group, Predicate<MatchResult> accept) {
        this(kind, pattern, group, accept, List.of());
    }

    static SecretRule of(String kind, String regex) {
        return new SecretRule(kind, Pattern.compile(regex), 0, m -> true);
    }

    static SecretRule of(String kind, String regex, int group, Predicate<MatchResult> accept) {
        return new SecretRule(kind, Pattern.compile(regex), group, accept);
    }

    /** This rule, scanning only a text that holds one of {@code literals} (case-sensitive). */
    SecretRule needing(String... literals) {
        return new SecretRule(kind, pattern, group, accept, List.of(literals));
    }

    /** Whether a match in {@code text} is possible: it holds one of the needles, or there are none. */
    boolean mayMatch(String text) {
        if (needles.isEmpty()) {
            return true;
        }
        for (String needle : needles) {
            if (text.contains(needle)) {
                return true;
            }
        }
        return false;
    }

    static String placeholder(String kind) {
        return "[REDACTED:" + kind + "]";
    }
}
