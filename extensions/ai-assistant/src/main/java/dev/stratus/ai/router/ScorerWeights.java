package dev.stratus.ai.router;

/**
 * The chat scorer's linear model: each feature is transformed, capped, multiplied by its weight, and
 * the sum picks the tier by two thresholds.
 *
 * <table>
 *   <caption>Default model</caption>
 *   <tr><th>Feature</th><th>Term</th><th>Weight</th><th>Cap</th></tr>
 *   <tr><td>prompt tokens t</td><td>log2(1 + t / 256)</td><td>0.45</td><td>none</td></tr>
 *   <tr><td>context tokens c</td><td>log2(1 + c / 1024)</td><td>0.45</td><td>none</td></tr>
 *   <tr><td>files referenced</td><td>count</td><td>0.40</td><td>8</td></tr>
 *   <tr><td>code blocks</td><td>count</td><td>0.30</td><td>4</td></tr>
 *   <tr><td>stack traces</td><td>count</td><td>0.80</td><td>3</td></tr>
 *   <tr><td>design terms</td><td>distinct count</td><td>2.50</td><td>4</td></tr>
 *   <tr><td>reasoning cues</td><td>distinct count</td><td>0.50</td><td>2</td></tr>
 *   <tr><td>questions</td><td>count beyond the first</td><td>0.20</td><td>4</td></tr>
 *   <tr><td>conversation depth</td><td>prior turns</td><td>0.10</td><td>12</td></tr>
 *   <tr><td>small-task cues</td><td>count</td><td>-0.60</td><td>2</td></tr>
 * </table>
 *
 * <p>Score below {@code mediumFrom} (0.70) is small, below {@code largeFrom} (2.50) medium, else large.
 * So one design term alone routes large; a trace with one file and a little context is medium; a
 * question with no signal but a small-task cue is small. Size terms are logarithmic so that
 * doubling a paste adds a constant (0.45), not a multiple. The weights were set by hand on
 * {@code labelled-prompts.jsonl}; {@code LabelledPromptsTest} says how and what that accuracy means.
 *
 * @param bias added to every score
 * @param promptTokens weight of log2(1 + prompt tokens / 256)
 * @param contextTokens weight of log2(1 + context tokens / 1024)
 * @param mediumFrom lowest score routed medium
 * @param largeFrom lowest score routed large; above {@code mediumFrom}
 */
public record ScorerWeights(double bias, double promptTokens, double contextTokens, Linear files, Linear codeBlocks,
                            Linear stackTraces, Linear designTerms, Linear reasoningCues, Linear extraQuestions,
                            Linear depth, Linear quickCues, double mediumFrom, double largeFrom) {

    /**
     * A counted feature's term: {@code weight * min(count, cap)}.
     *
     * @param weight per unit, may be negative
     * @param cap counts above it add nothing, ≥ 0
     */
    public record Linear(double weight, int cap) {
        public Linear {
            if (cap < 0 || !Double.isFinite(weight)) {
                throw new RouterConfigException("scorer term needs a finite weight and a cap ≥ 0: " + weight + ", " + cap);
            }
        }

        double apply(int count) {
            return weight * Math.min(Math.max(count, 0), cap);
        }
    }

    public ScorerWeights {
        if (!(mediumFrom < largeFrom)) {
            throw new RouterConfigException("scorer thresholds: mediumFrom " + mediumFrom + " must be below largeFrom " + largeFrom);
        }
    }

    /** The documented default model. */
    public static ScorerWeights defaults() {
        return new ScorerWeights(0.0, 0.45, 0.45, new Linear(0.40, 8), new Linear(0.30, 4), new Linear(0.80, 3),
                new Linear(2.50, 4), new Linear(0.50, 2), new Linear(0.20, 4), new Linear(0.10, 12), new Linear(-0.60, 2),
                0.70, 2.50);
    }
}
