package dev.stratus.ai.router;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The router's configuration ({@code ai.router} in {@code stratus.yaml}).
 *
 * @param tiers task id to tier id overrides of the {@link Task} defaults ({@code {"explain": "small"}}); default none
 * @param scorer the chat scorer's model; default {@link ScorerWeights#defaults()}
 */
public record RouterConfig(Map<String, String> tiers, ScorerWeights scorer) {
    public RouterConfig {
        tiers = tiers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        scorer = scorer == null ? ScorerWeights.defaults() : scorer;
    }

    public static RouterConfig defaults() {
        return new RouterConfig(Map.of(), ScorerWeights.defaults());
    }
}
