package dev.stratus.ai.governance;

import java.util.List;

/**
 * Tokens held for one call until it is settled.
 *
 * @param id unique within the budget ledger
 * @param userId who asked
 * @param scopes the budgets charged: {@code user:<id>} and {@code team:<name>} for each of the user's teams
 * @param tokens tokens held (estimated prompt plus the answer's bound)
 * @param periodKey the budget period it was made in
 */
public record Reservation(long id, String userId, List<String> scopes, long tokens, String periodKey) {
    public Reservation {
        scopes = List.copyOf(scopes);
    }
}
