package dev.stratus.ai.router;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A category of words and phrases looked for in lower-case prose, matched word by word (a regular
 * expression per term costs a scan of the text each; this costs one pass over the words).
 *
 * <p>Spec: phrases separated by {@code ,}; a phrase is steps separated by spaces; a step is
 * alternatives separated by {@code |}, each a word, a prefix ending in {@code *} or a suffix starting
 * with {@code *} (the head of a compound: {@code *migration} is in {@code datenbankmigration}); a step
 * {@code ..N} allows up to N other words before the next one: {@code "compare ..8 approach*|options"}.
 * Terms are folded like {@link #words(String)}, so {@code évolutivité} in a spec also matches
 * {@code evolutivite}.
 */
final class Vocabulary {
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
                steps.add(Step.of(step, gap));
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

    /**
     * The words of {@code text}: runs of letters, digits, {@code -} and apostrophes, lower-cased and
     * folded to plain letters ({@code é} to {@code e}, {@code ä} to {@code a}, {@code ß} to {@code ss},
     * whether typed as one character or with a combining accent). An elided article goes
     * ({@code l'architecture} is {@code architecture}), and a hyphenated word is followed by its parts
     * ({@code microservice-architektur}, {@code microservice}, {@code architektur}).
     */
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
                add(fold(text.substring(start, i)), out);
            }
        }
        return out;
    }

    private static void add(String word, List<String> out) {
        int from = 0;
        int to = word.length();
        while (from < to && (word.charAt(from) == '\'' || word.charAt(from) == '-')) {
            from++;
        }
        while (to > from && (word.charAt(to - 1) == '\'' || word.charAt(to - 1) == '-')) {
            to--;
        }
        String w = word.substring(from, to);
        int apostrophe = w.lastIndexOf('\'');
        // "l'api", "dell'architettura"; not "don't" or "they're".
        if (apostrophe >= 0 && w.length() - apostrophe > 3) {
            w = w.substring(apostrophe + 1);
        }
        if (w.isEmpty()) {
            return;
        }
        out.add(w);
        if (w.indexOf('-') < 0) {
            return;
        }
        for (String part : w.split("-")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '\'' || c == '\u2019'
                || Character.getType(c) == Character.NON_SPACING_MARK;
    }

    /** {@code word} lower-cased, without accents, {@code ß} as {@code ss} and {@code ’} as {@code '}. */
    static String fold(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        boolean ascii = true;
        for (int i = 0; i < lower.length() && ascii; i++) {
            ascii = lower.charAt(i) < 0x80;
        }
        if (ascii) {
            return lower;
        }
        String decomposed = Normalizer.normalize(lower, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            switch (c) {
                case 'ß' -> out.append("ss");
                case 'œ' -> out.append("oe");
                case 'æ' -> out.append("ae");
                case 'ø' -> out.append('o');
                case '\u2019' -> out.append('\'');
                default -> {
                    if (Character.getType(c) != Character.NON_SPACING_MARK) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
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

    /**
     * One step of a phrase. Prefixes are kept by their first letter and suffixes by their last, so a
     * word is checked against the few that could match it however many languages a step lists.
     */
    private record Step(Set<String> words, Affixes prefixes, Affixes suffixes, int gap) {
        static Step of(String spec, int gap) {
            Set<String> words = new HashSet<>();
            List<String> prefixes = new ArrayList<>();
            List<String> suffixes = new ArrayList<>();
            for (String alt : spec.split("\\|")) {
                if (alt.endsWith("*")) {
                    prefixes.add(fold(alt.substring(0, alt.length() - 1)));
                } else if (alt.startsWith("*")) {
                    suffixes.add(fold(alt.substring(1)));
                } else {
                    words.add(fold(alt));
                }
            }
            return new Step(Set.copyOf(words), new Affixes(prefixes, true), new Affixes(suffixes, false), gap);
        }

        boolean matches(String word) {
            return words.contains(word) || prefixes.match(word) || suffixes.match(word);
        }
    }

    /** Prefixes (or suffixes) bucketed by the letter a word must start (or end) with to have one. */
    private static final class Affixes {
        private final List<List<String>> byLetter = new ArrayList<>(27);
        private final boolean prefix;
        private final boolean empty;

        Affixes(List<String> affixes, boolean prefix) {
            this.prefix = prefix;
            this.empty = affixes.isEmpty();
            for (int i = 0; i < 27; i++) {
                byLetter.add(new ArrayList<>());
            }
            for (String a : affixes) {
                if (a.isEmpty()) {
                    throw new IllegalArgumentException("empty affix in a vocabulary");
                }
                byLetter.get(bucket(prefix ? a.charAt(0) : a.charAt(a.length() - 1))).add(a);
            }
        }

        boolean match(String word) {
            if (empty || word.isEmpty()) {
                return false;
            }
            for (String a : byLetter.get(bucket(prefix ? word.charAt(0) : word.charAt(word.length() - 1)))) {
                if (prefix ? word.startsWith(a) : word.endsWith(a)) {
                    return true;
                }
            }
            return false;
        }

        private static int bucket(char c) {
            return c >= 'a' && c <= 'z' ? c - 'a' : 26;
        }
    }
}
