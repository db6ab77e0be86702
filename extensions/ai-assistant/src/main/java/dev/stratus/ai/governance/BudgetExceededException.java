package dev.stratus.ai.governance;

import java.time.Instant;

/**
 * A reservation that does not fit a token budget.
 *
 * @see TokenBudgets#reserve(String, long)
 */
public final class BudgetExceededException extends GovernanceException {
    private final String userId;
    private final String scope;
    private final BudgetPeriod period;
    private final long used;
    private final long requested;
    private final long limit;
    private final Instant resetsAt;
    private final java.time.Duration retryAfter;

    /**
     * @param userName the user's login name, which the message names a user's budget by
     * @param resetsAt when the period ends
     * @param retryAfter from now to {@code resetsAt}, on the budgets' clock
     */
    public BudgetExceededException(String userId, String userName, String scope, BudgetPeriod period, long used, long requested,
                                   long limit, Instant resetsAt, java.time.Duration retryAfter) {
        super("Token budget exceeded for " + describe(scope.startsWith("user:") ? "user:" + userName : scope)
                + " (" + period.id() + "): " + used + " of " + limit
                + " tokens used or reserved, this request needs up to " + requested + "; resets at " + resetsAt);
        this.userId = userId;
        this.scope = scope;
        this.period = period;
        this.used = used;
        this.requested = requested;
        this.limit = limit;
        this.resetsAt = resetsAt;
        this.retryAfter = retryAfter;
    }

    private static String describe(String scope) {
        int colon = scope.indexOf(':');
        return scope.substring(0, colon) + " '" + scope.substring(colon + 1) + "'";
    }

    /** The user whose request was refused. */
    public String userId() {
        return userId;
    }

    /** The budget that did not fit: {@code user:<id>} or {@code team:<name>}. */
    public String scope() {
        return scope;
    }

    /** The kind of budget that did not fit: {@code user} or {@code team}. */
    public String scopeKind() {
        return scope.substring(0, scope.indexOf(':'));
    }

    public BudgetPeriod period() {
        return period;
    }

    /** Tokens spent plus tokens held by open reservations in this period. */
    public long used() {
        return used;
    }

    /** Tokens this request asked to reserve. */
    public long requested() {
        return requested;
    }

    public long limit() {
        return limit;
    }

    /** When the budget's period ends and its count starts again at zero. */
    /** How long until the budget is back: from when it was refused to {@link #resetsAt()}. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public Instant resetsAt() {
        return resetsAt;
    }
}
