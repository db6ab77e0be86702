package dev.stratus.ai.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.ai.model.Tier;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TierTableTest {

    @Test
    void defaultsFollowTheActionTable() {
        TierTable table = TierTable.defaults();
        assertThat(table.tierFor(Task.FIX_SYNTAX)).contains(Tier.SMALL);
        assertThat(table.tierFor(Task.QUICK_FIX)).contains(Tier.SMALL);
        assertThat(table.tierFor(Task.COMMIT_MESSAGE)).contains(Tier.SMALL);
        assertThat(table.tierFor(Task.APPLY_EDIT)).contains(Tier.SMALL);
        assertThat(table.tierFor(Task.EXPLAIN)).contains(Tier.MEDIUM);
        assertThat(table.tierFor(Task.DOCUMENT)).contains(Tier.MEDIUM);
        assertThat(table.tierFor(Task.GENERATE_TESTS)).contains(Tier.MEDIUM);
        assertThat(table.tierFor(Task.REFACTOR_FILE)).contains(Tier.MEDIUM);
        assertThat(table.tierFor(Task.REFACTOR_MULTI_FILE)).contains(Tier.LARGE);
        assertThat(table.tierFor(Task.DESIGN)).contains(Tier.LARGE);
        assertThat(table.tierFor(Task.CHAT)).isEmpty();
    }

    @Test
    void wireIdsAreKebabCase() {
        assertThat(Task.QUICK_FIX.id()).isEqualTo("quick-fix");
        assertThat(Task.REFACTOR_MULTI_FILE.id()).isEqualTo("refactor-multi-file");
        assertThat(Task.of("commit-message")).isEqualTo(Task.COMMIT_MESSAGE);
        assertThat(Task.of(" Generate-Tests ")).isEqualTo(Task.GENERATE_TESTS);
    }

    @Test
    void overridesReplaceOnlyTheirTask() {
        TierTable table = TierTable.withOverrides(Map.of("explain", "small", "commit-message", " LARGE "));
        assertThat(table.tierFor(Task.EXPLAIN)).contains(Tier.SMALL);
        assertThat(table.tierFor(Task.COMMIT_MESSAGE)).contains(Tier.LARGE);
        assertThat(table.tierFor(Task.DOCUMENT)).contains(Tier.MEDIUM);
    }

    @Test
    void chatCanBePinnedToATier() {
        assertThat(TierTable.withOverrides(Map.of("chat", "medium")).tierFor(Task.CHAT)).contains(Tier.MEDIUM);
    }

    @Test
    void unknownTaskIsRejectedNamingTheValidIds() {
        assertThatThrownBy(() -> TierTable.withOverrides(Map.of("explian", "small")))
                .isInstanceOf(RouterConfigException.class)
                .hasMessageContaining("unknown task 'explian'")
                .hasMessageContaining("quick-fix");
    }

    @Test
    void unknownTierIsRejectedNamingTheTask() {
        assertThatThrownBy(() -> TierTable.withOverrides(Map.of("design", "huge")))
                .isInstanceOf(RouterConfigException.class)
                .hasMessage("task 'design': unknown tier 'huge'; tiers are small, medium, large");
    }

    @Test
    void missingTierIsRejected() {
        Map<String, String> overrides = new java.util.HashMap<>();
        overrides.put("explain", null);
        assertThatThrownBy(() -> TierTable.withOverrides(overrides))
                .isInstanceOf(RouterConfigException.class)
                .hasMessageContaining("unknown tier 'null'");
    }
}
