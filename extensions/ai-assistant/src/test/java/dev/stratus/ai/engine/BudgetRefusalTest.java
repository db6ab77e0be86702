package dev.stratus.ai.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratus.ai.governance.BudgetExceededException;
import dev.stratus.ai.governance.BudgetPeriod;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a budget's refusal reaches a client: spent until the reset, or held by running requests for seconds. */
class BudgetRefusalTest {
    static BudgetExceededException refusal(boolean heldByRunning, Duration retryAfter) {
        return new BudgetExceededException("u1", "alice", "user:u1", BudgetPeriod.DAILY, 9_000, 4_000, 10_000,
                Instant.parse("2026-11-26T00:00:00Z"), retryAfter, heldByRunning);
    }

    @Test
    void aSpentBudgetIsInsufficientQuotaUntilItsReset() {
        AiFailure f = AiFailure.budget(refusal(false, Duration.ofHours(3)));
        assertThat(f.code()).isEqualTo(AiFailure.RATE_LIMITED);
        assertThat(f.reason()).isEqualTo(AiFailure.BUDGET_SPENT);
        assertThat(f.retryAfter()).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void aBudgetHeldByRunningRequestsIsARateLimitOfSeconds() {
        // No insufficient_quota: clients (litellm among them) give up on that one, and the budget is not spent.
        AiFailure f = AiFailure.budget(refusal(true, Duration.ofSeconds(5)));
        assertThat(f.code()).isEqualTo(AiFailure.RATE_LIMITED);
        assertThat(f.reason()).isNull();
        assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }
}
