package dev.stratus.ai.governance;

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
 */
record SecretRule(String kind, Pattern pattern, int group, Predicate<MatchResult> accept) {
    static SecretRule of(String kind, String regex) {
        return new SecretRule(kind, Pattern.compile(regex), 0, m -> true);
    }

    static SecretRule of(String kind, String regex, int group, Predicate<MatchResult> accept) {
        return new SecretRule(kind, Pattern.compile(regex), group, accept);
    }

    static String placeholder(String kind) {
        return "[REDACTED:" + kind + "]";
    }
}
