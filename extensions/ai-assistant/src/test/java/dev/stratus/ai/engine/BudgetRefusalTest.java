package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratus.ai.governance.BudgetConfig;
import dev.stratus.ai.governance.BudgetPeriod;
import dev.stratus.ai.model.Tier;
import dev.stratus.ai.testing.ScriptedEngine;
import dev.stratus.ai.testing.ScriptedUpstream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request a budget refuses is counted under the kind of budget that refused it. */
class BudgetRefusalTest {
    @TempDir
    Path data;

    static BudgetConfig teamOf(String user, long teamTokens) {
        return new BudgetConfig(BudgetPeriod.DAILY, "UTC", 0L, Map.of(), Map.of("core", List.of(user, "bob")),
                Map.of("core", teamTokens), false);
    }

    @Test
    void aTeamBudgetsRefusalIsCountedAsTheTeams() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             ScriptedEngine e = new ScriptedEngine(data, List.of(AgentRuns.deployment(upstream, "agent", Tier.SMALL, 32_000)),
                     teamOf("alice", 10), Clock.systemUTC())) {
            assertThatThrownBy(() -> e.engine.admit(AgentRuns.chat(Tier.SMALL, "hello")))
                    .isInstanceOfSatisfying(AiFailure.class, f -> assertThat(f.getMessage()).contains("team 'core'"));
            assertThat(e.metrics.scrape()).contains("stratus_ai_budget_refusals_total{scope=\"team\"} 1.0\n")
                    .doesNotContain("scope=\"user\"");
            assertThat(upstream.requests()).isEmpty();
        }
    }

    @Test
    void aTeamBudgetSpentBetweenAdmissionAndTheCallIsCountedAsTheTeams() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.start();
             ScriptedEngine e = new ScriptedEngine(data, List.of(AgentRuns.deployment(upstream, "agent", Tier.SMALL, 32_000)),
                     teamOf("alice", 20_000), Clock.systemUTC())) {
            AiEngine.Admitted admitted = e.engine.admit(AgentRuns.chat(Tier.SMALL, "hello"));
            e.budgets().reserve("bob-id", "bob", 19_990);
            assertThatThrownBy(() -> e.engine.run(admitted, new AgentRuns.Panel(call -> "")))
                    .isInstanceOfSatisfying(AiFailure.class, f -> assertThat(f.getMessage()).contains("team 'core'"));
            assertThat(e.metrics.scrape()).contains("stratus_ai_budget_refusals_total{scope=\"team\"} 1.0\n")
                    .doesNotContain("scope=\"user\"");
            assertThat(upstream.requests()).isEmpty();
        }
    }
}
