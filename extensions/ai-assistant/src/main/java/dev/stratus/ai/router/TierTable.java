package dev.stratus.ai.router;

import dev.stratus.ai.model.Tier;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which tier each IDE action uses: the {@link Task} defaults, overridden from configuration.
 *
 * <p>Overrides are a map from task id to tier id, as configuration gives them
 * ({@code {"explain": "small"}}); case and surrounding blanks are ignored. Overriding
 * {@code chat} pins free-form chat to one tier and turns the scorer off for it.
 */
public final class TierTable {
    private final Map<Task, Tier> tiers;

    private TierTable(Map<Task, Tier> tiers) {
        this.tiers = Collections.unmodifiableMap(tiers);
    }

    /** The built-in table. */
    public static TierTable defaults() {
        return withOverrides(Map.of());
    }

    /**
     * The built-in table with {@code overrides} applied.
     *
     * @throws RouterConfigException for an unknown task id or tier, naming the entry and the valid values
     */
    public static TierTable withOverrides(Map<String, String> overrides) {
        Map<Task, Tier> tiers = new EnumMap<>(Task.class);
        for (Task t : Task.values()) {
            t.defaultTier().ifPresent(tier -> tiers.put(t, tier));
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            Task task = Task.of(e.getKey());
            tiers.put(task, tier(e.getKey(), e.getValue()));
        }
        return new TierTable(tiers);
    }

    private static Tier tier(String task, String value) {
        String id = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (Tier t : Tier.values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new RouterConfigException("task '" + task + "': unknown tier '" + value + "'; tiers are small, medium, large");
    }

    /** The tier {@code task} uses; empty for chat unless configuration pinned it. */
    public Optional<Tier> tierFor(Task task) {
        return Optional.ofNullable(tiers.get(task));
    }
}
