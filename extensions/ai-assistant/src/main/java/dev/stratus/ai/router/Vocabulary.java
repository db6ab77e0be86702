package dev.stratus.ai.router;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A category of words and phrases looked for in lower-case prose, matched word by word (a regular
 * expression per term costs a scan of the text each; this costs one pass over the words).
 *
 * <p>Spec: phrases separated by {@code ,}; a phrase is steps separated by spaces; a step is
 * alternatives separated by {@code |}, each a word, a prefix ending in {@code *} or a suffix starting
 * with {@code *} (the head of a compound, alone or after three letters or more: {@code *migration} is
 * in {@code datenbankmigration}, not in {@code immigration}); a step
 * {@code ..N} allows up to N other words before the next one: {@code "compare ..8 approach*|options"}.
 * Terms are folded like {@link #words(String)}, so {@code évolutivité} in a spec also matches
 * {@code evolutivite}.
 */
final class Vocabulary {
    private final List<List<Step>> phrases = new ArrayList<>();
    /** The first step of every phrase, so that a word is looked up once for all of them. */
    private final Terms starts = new Terms();

    Vocabulary(String spec) {
        for (String phrase : spec.split(",")) {
            List<Step> steps = new ArrayList<>();
            int gap = 0;
            for (String step : phrase.strip().split("\\s+")) {
                if (step.startsWith("..")) {
                    gap = Integer.parseInt(step.substring(2));
                    continue;
                }
                if (steps.isEmpty()) {
                    for (String alt : step.split("\\|")) {
                        starts.add(alt, phrases.size());
                    }
                }
                steps.add(Step.of(step, gap));
                gap = 0;
            }
            phrases.add(List.copyOf(steps));
        }
    }

    /** Whether any phrase occurs in {@code words}. */
    boolean foundIn(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            for (int p : starts.phrasesOf(word)) {
                if (restFrom(phrases.get(p), words, i)) {
                    return true;
                }
            }
            for (Terms.Affix a : starts.prefixCandidates(word)) {
                if (word.startsWith(a.text()) && restFrom(phrases.get(a.phrase()), words, i)) {
                    return true;
                }
            }
            for (Terms.Affix a : starts.suffixCandidates(word)) {
                if (Terms.ends(word, a.text()) && restFrom(phrases.get(a.phrase()), words, i)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the steps after the first of {@code phrase} follow the word at {@code i}. */
    private static boolean restFrom(List<Step> phrase, List<String> words, int i) {
        return phrase.size() == 1 || next(phrase, 1, words, i);
    }

    private static boolean matchesFrom(List<Step> phrase, int s, List<String> words, int i) {
        if (!phrase.get(s).terms().matches(words.get(i))) {
            return false;
        }
        return s + 1 == phrase.size() || next(phrase, s + 1, words, i);
    }

    /** Whether step {@code s} of {@code phrase} and the rest match within its gap after word {@code i}. */
    private static boolean next(List<Step> phrase, int s, List<String> words, int i) {
        int gap = phrase.get(s).gap();
        for (int j = i + 1; j <= Math.min(words.size() - 1, i + 1 + gap); j++) {
            if (matchesFrom(phrase, s, words, j)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The words of {@code text}: runs of letters, digits, {@code -} and apostrophes, lower-cased and
     * folded to plain letters ({@code é} to {@code e}, {@code ä} to {@code a}, {@code ß} to {@code ss},
     * whether typed as one character or with a combining accent). An elided article goes
     * ({@code l'architecture} is {@code architecture}), and a hyphenated word is followed by its last
     * part, the head of a compound ({@code datenbank-migration}, {@code migration}; {@code plan-namen},
     * {@code namen}).
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
        int hyphen = w.lastIndexOf('-');
        if (hyphen >= 0) {
            out.add(w.substring(hyphen + 1));
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

    /** One step of a phrase: its alternatives, and how many other words may come before it. */
    private record Step(Terms terms, int gap) {
        static Step of(String spec, int gap) {
            Terms terms = new Terms();
            for (String alt : spec.split("\\|")) {
                terms.add(alt, 0);
            }
            return new Step(terms, gap);
        }
    }
}
