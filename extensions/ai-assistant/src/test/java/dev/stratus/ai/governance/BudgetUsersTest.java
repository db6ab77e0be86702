package dev.stratus.ai.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.ai.model.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets name users as administrators know them, by login name, and keep accepting a user's id;
 * the ledger counts a user under the id, which a rename does not change.
 */
class BudgetUsersTest {
    static final String ADMIN_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    @TempDir
    Path data;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void aUserAndATeamNamedByLoginNameAreTheBudgetsOfThatUser() throws Exception {
        BudgetConfig config = new BudgetConfig(BudgetPeriod.DAILY, "UTC", 0L, Map.of("admin", 100L),
                Map.of("core", List.of("admin")), Map.of("core", 50L), false);
        try (TokenBudgets b = TokenBudgets.open(data, config, clock)) {
            assertThat(b.status(ADMIN_ID, "admin")).extracting("scope", "limit")
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("user:" + ADMIN_ID, 100L),
                            org.assertj.core.groups.Tuple.tuple("team:core", 50L));
            assertThatThrownBy(() -> b.reserve(ADMIN_ID, "admin", 60))
                    .isInstanceOfSatisfying(BudgetExceededException.class, e -> {
                        assertThat(e.scope()).isEqualTo("team:core");
                        assertThat(e.scopeKind()).isEqualTo("team");
                    });
            assertThatThrownBy(() -> b.reserve(ADMIN_ID, "admin", 101))
                    .hasMessageStartingWith("Token budget exceeded for user 'admin' (daily)");
            b.settle(b.reserve(ADMIN_ID, "admin", 40), new Usage(30, 0));
        }
        String ledger = Files.readString(data.resolve("budgets/2026-11-25.jsonl"));
        assertThat(ledger).contains("\"user\":\"" + ADMIN_ID + "\"", "\"scopes\":[\"user:" + ADMIN_ID + "\",\"team:core\"]");
    }

    @Test
    void aUserNamedByIdIsStillThatUserAndTheNameWinsWhenBothAreGiven() {
        BudgetConfig byId = new BudgetConfig(BudgetPeriod.DAILY, "UTC", 0L, Map.of(ADMIN_ID, 100L),
                Map.of("core", List.of(ADMIN_ID)), Map.of("core", 500L), false);
        assertThat(byId.userLimit(ADMIN_ID, "admin")).isEqualTo(100);
        assertThat(byId.teamsOf(ADMIN_ID, "admin")).containsExactly("core");
        BudgetConfig both = new BudgetConfig(BudgetPeriod.DAILY, "UTC", 0L, Map.of(ADMIN_ID, 100L, "admin", 300L),
                Map.of(), Map.of(), false);
        assertThat(both.userLimit(ADMIN_ID, "admin")).isEqualTo(300);
        // Another user is neither.
        assertThat(byId.userLimit("someone-else", "bob")).isZero();
        assertThat(byId.teamsOf("someone-else", "bob")).isEmpty();
    }
}
