package dev.stratus.ai.router;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A category of words and phrases looked for in lower-case prose, matched word by word (a regular
 * expression per term costs a scan of the text each; this costs one pass over the words).
 *
 * <p>Spec: phrases separated by {@code ,}; a phrase is steps separated by spaces; a step is
 * alternatives separated by {@code |}, each a word or a prefix ending in {@code *}; a step
 * {@code ..N} allows up to N other words before the next one: {@code "compare ..8 approach*|options"}.
 */
final class Vocabulary {
    private record Step(Set<String> words, List<String> prefixes, int gap) {
        boolean matches(String word) {
            if (words.contains(word)) {
                return true;
            }
            for (String p : prefixes) {
                if (word.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<List<Step>> phrases = new ArrayList<>();

    Vocabulary(String spec) {
        for (String phrase : spec.split(",")) {
            List<Step> steps = new ArrayList<>();
            int gap = 0;
            for (String step : phrase.strip().split("\\s+")) {
                if (step.startsWith("..")) {
                    gap = Integer.parseInt(step.substring(2));
                    continue;
                }
                Set<String> words = new HashSet<>();
                List<String> prefixes = new ArrayList<>();
                for (String alt : step.split("\\|")) {
                    if (alt.endsWith("*")) {
                        prefixes.add(alt.substring(0, alt.length() - 1));
                    } else {
                        words.add(alt);
                    }
                }
                steps.add(new Step(Set.copyOf(words), List.copyOf(prefixes), gap));
                gap = 0;
            }
            phrases.add(List.copyOf(steps));
        }
    }

    /** Whether any phrase occurs in {@code words}. */
    boolean foundIn(List<String> words) {
        for (List<Step> phrase : phrases) {
            for (int i = 0; i < words.size(); i++) {
                if (matchesFrom(phrase, 0, words, i)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesFrom(List<Step> phrase, int s, List<String> words, int i) {
        if (!phrase.get(s).matches(words.get(i))) {
            return false;
        }
        if (s + 1 == phrase.size()) {
            return true;
        }
        int gap = phrase.get(s + 1).gap();
        for (int j = i + 1; j <= Math.min(words.size() - 1, i + 1 + gap); j++) {
            if (matchesFrom(phrase, s + 1, words, j)) {
                return true;
            }
        }
        return false;
    }

    /** The words of {@code text}: runs of letters, digits, {@code -} and {@code '}, lower-cased. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && !isWordChar(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && isWordChar(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(text.substring(start, i).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '\'';
    }

    /** How many of {@code categories} occur in {@code words}. */
    static int count(List<Vocabulary> categories, List<String> words) {
        int n = 0;
        for (Vocabulary v : categories) {
            if (v.foundIn(words)) {
                n++;
            }
        }
        return n;
    }
}
