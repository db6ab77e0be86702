package dev.stratus.ai.router;

import dev.stratus.ai.model.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Picks a tier for free-form chat from {@link PromptFeatures} with the linear model of
 * {@link ScorerWeights}. Deterministic and offline; every decision lists what pushed it.
 */
public final class PromptScorer {
    private final ScorerWeights w;

    public PromptScorer(ScorerWeights weights) {
        this.w = weights;
    }

    /** The scorer with {@link ScorerWeights#defaults()}. */
    public static PromptScorer defaults() {
        return new PromptScorer(ScorerWeights.defaults());
    }

    /** Scores {@code f}. */
    public ChatScore score(PromptFeatures f) {
        List<Term> terms = new ArrayList<>(9);
        add(terms, w.promptTokens() * Math.log1p(f.promptTokens() / 256.0) / LN2, "prompt ≈ " + f.promptTokens() + " tokens");
        add(terms, w.contextTokens() * Math.log1p(f.contextTokens() / 1024.0) / LN2, "context " + f.contextTokens() + " tokens");
        add(terms, w.files().apply(f.filesReferenced()), plural(f.filesReferenced(), "file") + " referenced");
        add(terms, w.codeBlocks().apply(f.codeBlocks()), plural(f.codeBlocks(), "code block"));
        add(terms, w.stackTraces().apply(f.stackTraces()), plural(f.stackTraces(), "stack trace"));
        add(terms, w.designTerms().apply(f.designTerms()), plural(f.designTerms(), "design term"));
        add(terms, w.reasoningCues().apply(f.reasoningCues()), plural(f.reasoningCues(), "reasoning cue"));
        add(terms, w.extraQuestions().apply(f.questions() - 1), plural(f.questions(), "question"));
        add(terms, w.depth().apply(f.depth()), "conversation depth " + f.depth());
        add(terms, w.quickCues().apply(f.quickCues()), plural(f.quickCues(), "small-task cue"));

        double score = w.bias();
        for (Term t : terms) {
            score += t.value;
        }
        terms.sort((a, b) -> Double.compare(Math.abs(b.value), Math.abs(a.value)));
        Tier tier = score < w.mediumFrom() ? Tier.SMALL : score < w.largeFrom() ? Tier.MEDIUM : Tier.LARGE;
        List<String> reasons = new ArrayList<>(terms.size() + 1);
        for (Term t : terms) {
            reasons.add(t.label + ": " + signed(t.value));
        }
        reasons.add(String.format(Locale.ROOT, "chat score %.2f -> %s (medium from %.2f, large from %.2f)", score, tier.id(),
                w.mediumFrom(), w.largeFrom()));
        return new ChatScore(score, tier, reasons);
    }

    private static final double LN2 = Math.log(2);

    private record Term(double value, String label) {
    }

    private static void add(List<Term> terms, double value, String label) {
        // Terms below a hundredth are noise in an explanation.
        if (Math.abs(value) >= 0.005) {
            terms.add(new Term(value, label));
        }
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.2f", v);
    }
}
