package dev.stratus.ai.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.model.Tier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the chat scorer on {@code labelled-prompts.jsonl}.
 *
 * <p>How the set was built: 92 prompts of the kind developers type into an IDE assistant, written
 * and labelled (and committed) before the scorer existed, about a third per tier. The label is what
 * the answer needs: small is a mechanical or look-up answer, medium is reasoning about one unit of
 * code (a function, a class, one trace), large spans many files or needs design judgement. Some are
 * awkward on purpose (a long pasted log with a trivial question, one-line design questions).
 *
 * <p>How the model was tuned on it, by hand: the first weights, chosen from what each feature should
 * mean, routed 64 of 92 (70%); design questions without code were medium and short "explain / why /
 * review" questions small. Two feature groups were then added (reasoning cues; planning and
 * comparison words among the design terms) and the design weight raised so that one design term
 * alone means large; no rule names a single prompt. The figure reached is therefore a training
 * accuracy that shows the features carry the signal, not what unseen prompts will get; the floor is
 * 80% so that a change which breaks a feature fails, while a reasoned re-weighting has room.
 *
 * <p>Known misses it prints: a long log pasted with a one-line question (length pushes it to
 * medium), requests to write a function or a workflow from scratch (nothing in the text marks the
 * work), and one large prompt routed small, a data-residency question that uses none of the design
 * vocabulary; the test allows that one. Set {@code ROUTER_PRINT_ALL} to print every prompt's score.
 *
 * <p>The set also holds 44 prompts in German, French, Spanish, Italian, Portuguese and Dutch (their
 * {@code lang}), every tier in every language, some typed without accents, written and labelled
 * before those languages' words were added to the vocabulary. They are scored apart from the English
 * ones, per language and together, against the same bar, so that neither figure hides the other.
 * With English words only they routed 33 of 44 (75%; Spanish 3 of 7), helped by English loanwords
 * (microservices, trade-offs, test); with the vocabulary all 44, again a training figure: the words
 * were chosen by someone who had read the prompts.
 */
class LabelledPromptsTest {
    private static final List<String> OTHER_LANGUAGES = List.of("de", "fr", "es", "it", "pt", "nl");

    /** Agreement of the scorer with the labels on some of the set. */
    private static final class Tally {
        final int[][] confusion = new int[3][3];
        final StringBuilder misses = new StringBuilder();
        int size;
        int correct;
        int extremes;

        static Tally of(List<LabelledPrompts.Example> examples) {
            return of(examples, new LinkedHashMap<>());
        }

        /** The tally of {@code examples}, also kept per language in {@code byLanguage}. */
        static Tally of(List<LabelledPrompts.Example> examples, Map<String, Tally> byLanguage) {
            PromptScorer scorer = PromptScorer.defaults();
            Tally t = new Tally();
            for (LabelledPrompts.Example e : examples) {
                ChatScore s = scorer.score(PromptFeatures.extract(e.prompt(), e.context()));
                if (System.getenv("ROUTER_PRINT_ALL") != null) {
                    System.out.printf(Locale.ROOT, "ALL %s %-6s %-6s %.2f %s | %s%n", e.lang(), e.expected().id(), s.tier().id(),
                            s.score(), oneLine(e.prompt()), String.join("; ", s.reasons()));
                }
                t.add(e, s);
                byLanguage.computeIfAbsent(e.lang(), k -> new Tally()).add(e, s);
            }
            return t;
        }

        private void add(LabelledPrompts.Example e, ChatScore s) {
            confusion[e.expected().ordinal()][s.tier().ordinal()]++;
            size++;
            if (s.tier() == e.expected()) {
                correct++;
                return;
            }
            if (Math.abs(s.tier().ordinal() - e.expected().ordinal()) == 2) {
                extremes++;
            }
            misses.append(String.format(Locale.ROOT, "  %s expected %-6s got %-6s %.2f  %s%n      %s%n", e.lang(),
                    e.expected().id(), s.tier().id(), s.score(), oneLine(e.prompt()), String.join("; ", s.reasons())));
        }

        double accuracy() {
            return (double) correct / size;
        }

        int expected(Tier tier) {
            int n = 0;
            for (int c : confusion[tier.ordinal()]) {
                n += c;
            }
            return n;
        }

        int routed(Tier expected, Tier routed) {
            return confusion[expected.ordinal()][routed.ordinal()];
        }

        void print(String what) {
            System.out.printf(Locale.ROOT, "Chat scorer on %d %s: %d correct (%.1f%%), small<->large %d%n",
                    size, what, correct, 100 * accuracy(), extremes);
            System.out.println("expected \\ routed   small medium  large");
            for (Tier t : Tier.values()) {
                int[] row = confusion[t.ordinal()];
                System.out.printf(Locale.ROOT, "  %-17s %6d %6d %6d%n", t.id(), row[0], row[1], row[2]);
            }
            System.out.print("Misrouted:\n" + misses);
        }
    }

    @Test
    void scorerAgreesWithTheLabels() {
        List<LabelledPrompts.Example> examples = LabelledPrompts.load().stream().filter(LabelledPrompts.Example::english).toList();
        Tally t = Tally.of(examples);
        t.print("labelled prompts in English");

        assertThat(examples).hasSizeGreaterThanOrEqualTo(80);
        assertThat(t.accuracy()).as("accuracy").isGreaterThanOrEqualTo(0.80);
        assertThat(t.routed(Tier.LARGE, Tier.SMALL)).as("large prompts routed small").isLessThanOrEqualTo(1);
        assertThat(t.routed(Tier.SMALL, Tier.LARGE)).as("small prompts routed large").isZero();
    }

    @Test
    void scorerAgreesWithTheLabelsInOtherLanguages() {
        List<LabelledPrompts.Example> all = LabelledPrompts.load();
        List<LabelledPrompts.Example> others = all.stream().filter(e -> !e.english()).toList();
        Map<String, Tally> byLanguage = new LinkedHashMap<>();
        Tally t = Tally.of(others, byLanguage);
        t.print("labelled prompts in other languages");
        for (String lang : OTHER_LANGUAGES) {
            Tally l = byLanguage.getOrDefault(lang, new Tally());
            System.out.printf(Locale.ROOT, "  %s: %d of %d correct (%.1f%%)%n", lang, l.correct, l.size, 100 * l.accuracy());
        }

        assertThat(others).extracting(LabelledPrompts.Example::lang).isSubsetOf(OTHER_LANGUAGES);
        assertThat(others).hasSizeGreaterThanOrEqualTo(30);
        assertThat(t.accuracy()).as("accuracy").isGreaterThanOrEqualTo(0.80);
        assertThat(t.routed(Tier.LARGE, Tier.SMALL)).as("large prompts routed small").isLessThanOrEqualTo(1);
        assertThat(t.routed(Tier.SMALL, Tier.LARGE)).as("small prompts routed large").isZero();
        for (String lang : OTHER_LANGUAGES) {
            Tally l = byLanguage.getOrDefault(lang, new Tally());
            assertThat(l.size).as(lang + " prompts").isGreaterThanOrEqualTo(5);
            for (Tier tier : Tier.values()) {
                assertThat(l.expected(tier)).as(lang + " " + tier.id() + " prompts").isPositive();
            }
            assertThat(l.accuracy()).as(lang + " accuracy").isGreaterThanOrEqualTo(0.80);
        }
    }

    @Test
    void setIsBalancedAcrossTiers() {
        List<LabelledPrompts.Example> examples = LabelledPrompts.load().stream().filter(LabelledPrompts.Example::english).toList();
        for (Tier t : Tier.values()) {
            assertThat(examples.stream().filter(e -> e.expected() == t).count()).as(t.id()).isBetween(25L, 40L);
        }
    }

    private static String oneLine(String s) {
        String flat = s.replace('\n', ' ');
        return flat.length() > 90 ? flat.substring(0, 87) + "..." : flat;
    }
}
