package dev.stratus.ai.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.ai.model.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptScorerTest {
    private final PromptScorer scorer = PromptScorer.defaults();

    private static PromptFeatures features(int files, int traces, int design) {
        return new PromptFeatures(100, 0, files, 0, traces, design, 0, 1, 0, 0);
    }

    @Test
    void reasonsNameEachContributionLargestFirst() {
        ChatScore s = scorer.score(features(3, 1, 0));
        assertThat(s.reasons()).startsWith("3 files referenced: +1.20", "1 stack trace: +0.80");
        assertThat(s.reasons().getLast()).startsWith("chat score ").contains("-> medium");
        assertThat(s.tier()).isEqualTo(Tier.MEDIUM);
    }

    @Test
    void oneDesignTermIsLarge() {
        assertThat(scorer.score(features(0, 0, 1)).tier()).isEqualTo(Tier.LARGE);
    }

    @Test
    void emptyPromptIsSmallWithOnlyTheVerdict() {
        ChatScore s = scorer.score(PromptFeatures.extract("", PromptContext.NONE));
        assertThat(s.tier()).isEqualTo(Tier.SMALL);
        assertThat(s.reasons()).hasSize(1);
    }

    @Test
    void capsBoundACountedFeature() {
        ChatScore eight = scorer.score(features(8, 0, 0));
        ChatScore fifty = scorer.score(features(50, 0, 0));
        assertThat(fifty.score()).isEqualTo(eight.score());
    }

    @Test
    void smallTaskCuesPullDown() {
        PromptFeatures cue = new PromptFeatures(10, 0, 0, 1, 0, 0, 0, 0, 0, 1);
        assertThat(scorer.score(cue).score()).isNegative();
        assertThat(scorer.score(cue).reasons()).contains("1 small-task cue: -0.60");
    }

    @Test
    void sameFeaturesSameVerdict() {
        PromptFeatures f = PromptFeatures.extract("Why does src/a/B.java fail?", new PromptContext(List.of(), 800, 2));
        assertThat(scorer.score(f)).isEqualTo(scorer.score(f));
    }

    @Test
    void thresholdsMustBeOrdered() {
        ScorerWeights d = ScorerWeights.defaults();
        assertThatThrownBy(() -> new ScorerWeights(0, 1, 1, d.files(), d.codeBlocks(), d.stackTraces(), d.designTerms(),
                d.reasoningCues(), d.extraQuestions(), d.depth(), d.quickCues(), 2.0, 1.0))
                .isInstanceOf(RouterConfigException.class).hasMessageContaining("mediumFrom 2.0 must be below largeFrom 1.0");
        assertThatThrownBy(() -> new ScorerWeights.Linear(Double.NaN, 1)).isInstanceOf(RouterConfigException.class);
        assertThatThrownBy(() -> new ScorerWeights.Linear(1, -1)).isInstanceOf(RouterConfigException.class);
    }
}
