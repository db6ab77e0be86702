package dev.stratus.ai.governance;

import java.time.Instant;

/**
 * One budget's state, as {@link TokenBudgets#status} reports it.
 *
 * @param scope {@code user:<id>} or {@code team:<name>}
 * @param spent tokens charged by settled calls this period
 * @param held tokens held by open reservations
 * @param limit the limit, 0 for none
 * @param resetsAt when the period ends
 */
public record BudgetStatus(String scope, BudgetPeriod period, long spent, long held, long limit, Instant resetsAt) {
}
