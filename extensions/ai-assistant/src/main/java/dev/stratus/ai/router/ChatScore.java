package dev.stratus.ai.router;

import dev.stratus.ai.model.Tier;
import java.util.List;

/**
 * The chat scorer's verdict.
 *
 * @param score the linear model's sum
 * @param tier the tier the thresholds give
 * @param reasons each feature that contributed, with its contribution ({@code "3 files referenced: +1.20"}),
 *     largest magnitude first, then the thresholds applied
 */
public record ChatScore(double score, Tier tier, List<String> reasons) {
    public ChatScore {
        reasons = List.copyOf(reasons);
    }
}
