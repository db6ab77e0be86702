package dev.stratus.ai.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Terms of a {@link Vocabulary}, each a word, a prefix ({@code migr*}) or a suffix ({@code *migration}),
 * folded like prose words, and each standing for a phrase by its number. Prefixes are kept by their
 * first letter and suffixes by their last, so a word is compared with the few that could match it
 * however many languages a vocabulary lists.
 */
final class Terms {
    /** A prefix or suffix and the phrase it stands for. */
    record Affix(String text, int phrase) {
    }

    private static final int BUCKETS = 27;

    private final Map<String, List<Integer>> words = new HashMap<>();
    private final List<List<Affix>> prefixes = buckets();
    private final List<List<Affix>> suffixes = buckets();

    private static List<List<Affix>> buckets() {
        List<List<Affix>> out = new ArrayList<>(BUCKETS);
        for (int i = 0; i < BUCKETS; i++) {
            out.add(new ArrayList<>());
        }
        return out;
    }

    /** Adds {@code term} as standing for {@code phrase}. */
    void add(String term, int phrase) {
        if (term.endsWith("*")) {
            String p = Vocabulary.fold(term.substring(0, term.length() - 1));
            prefixes.get(bucket(first(p))).add(new Affix(p, phrase));
        } else if (term.startsWith("*")) {
            String s = Vocabulary.fold(term.substring(1));
            suffixes.get(bucket(last(s))).add(new Affix(s, phrase));
        } else {
            words.computeIfAbsent(Vocabulary.fold(term), k -> new ArrayList<>()).add(phrase);
        }
    }

    /** Whether a term matches {@code word}. */
    boolean matches(String word) {
        if (words.containsKey(word)) {
            return true;
        }
        for (Affix a : prefixCandidates(word)) {
            if (word.startsWith(a.text())) {
                return true;
            }
        }
        for (Affix a : suffixCandidates(word)) {
            if (ends(word, a.text())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code word} is {@code suffix}, or ends with it after three letters or more. */
    static boolean ends(String word, String suffix) {
        int rest = word.length() - suffix.length();
        return (rest == 0 || rest >= 3) && word.endsWith(suffix);
    }

    /** The phrases whose word is {@code word}; empty when none. */
    List<Integer> phrasesOf(String word) {
        return words.getOrDefault(word, List.of());
    }

    /** The prefixes that could start {@code word}: those with its first letter. */
    List<Affix> prefixCandidates(String word) {
        return word.isEmpty() ? List.of() : prefixes.get(bucket(word.charAt(0)));
    }

    /** The suffixes that could end {@code word}: those with its last letter. */
    List<Affix> suffixCandidates(String word) {
        return word.isEmpty() ? List.of() : suffixes.get(bucket(word.charAt(word.length() - 1)));
    }

    private static char first(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty prefix or suffix in a vocabulary");
        }
        return s.charAt(0);
    }

    private static char last(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty prefix or suffix in a vocabulary");
        }
        return s.charAt(s.length() - 1);
    }

    private static int bucket(char c) {
        return c >= 'a' && c <= 'z' ? c - 'a' : BUCKETS - 1;
    }
}
