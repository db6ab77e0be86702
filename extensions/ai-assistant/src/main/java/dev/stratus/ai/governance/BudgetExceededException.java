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
    private final boolean heldByRunning;

    /**
     * @param userName the user's login name, which the message names a user's budget by
     * @param resetsAt when the period ends
     * @param retryAfter when to try again, on the budgets' clock: until {@code resetsAt}, or a few
     *     seconds when {@code heldByRunning}
     * @param heldByRunning whether the request would fit what is spent, and only reservations of
     *     requests still running stand in its way (they give back what they do not use)
     */
    public BudgetExceededException(String userId, String userName, String scope, BudgetPeriod period, long used, long requested,
                                   long limit, Instant resetsAt, java.time.Duration retryAfter, boolean heldByRunning) {
        super("Token budget exceeded for " + describe(scope.startsWith("user:") ? "user:" + userName : scope)
                + " (" + period.id() + "): " + used + " of " + limit
                + " tokens used or reserved, this request needs up to " + requested
                + (heldByRunning ? "; requests still running hold part of it and give back what they do not use, so try again in "
                        + retryAfter.toSeconds() + " s" : "; resets at " + resetsAt));
        this.heldByRunning = heldByRunning;
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

    /** Whether only reservations of requests still running stood in the way: the budget is not spent. */
    public boolean heldByRunning() {
        return heldByRunning;
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
