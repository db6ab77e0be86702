package dev.stratus.ai.engine;

import dev.stratus.ai.continuity.CandidateState;
import dev.stratus.ai.continuity.ChatUnavailableException;

/**
 * A request the assistant could not answer, with the protocol code the client gets: 1009
 * Unavailable (no model, every deployment failing), 1010 RateLimited (budget or rate limit),
 * 1005 PermissionDenied (redaction failed: nothing was sent), -32602 (a bad request), 1011
 * Cancelled.
 */
public class AiFailure extends RuntimeException {
    public static final int UNAVAILABLE = 1009;
    public static final int RATE_LIMITED = 1010;
    public static final int BLOCKED = 1005;
    public static final int INVALID = -32602;
    public static final int CANCELLED = 1011;

    /** No model could take the request as it is: waiting or retrying will not help. */
    public static final String REJECTED = "rejected";
    /** No model's context holds the request and its answer's bound. */
    public static final String CONTEXT_TOO_LARGE = "context_length_exceeded";
    /** A token budget is spent: it comes back with its period, not in a few seconds. */
    public static final String BUDGET_SPENT = "insufficient_quota";

    private final int code;
    private final String reason;
    private final java.time.Duration retryAfter;

    public AiFailure(int code, String message) {
        this(code, message, null);
    }

    /** @param reason {@link #REJECTED}, {@link #CONTEXT_TOO_LARGE}, {@link #BUDGET_SPENT}, or null */
    public AiFailure(int code, String message, String reason) {
        this(code, message, reason, null);
    }

    /** @param retryAfter when trying again may succeed (a rate limit's next slot, a budget's reset), or null */
    public AiFailure(int code, String message, String reason, java.time.Duration retryAfter) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    /**
     * The request refused because a governance store (the audit log, the budget ledger) could not
     * record it: Unavailable, for this request only; requests are served again once the store
     * can be written. The store's message names no file.
     */
    public static AiFailure unrecorded(dev.stratus.ai.governance.GovernanceStoreException e) {
        return new AiFailure(UNAVAILABLE, "Refused because " + e.getMessage()
                + ". The assistant answers again once it can be written; an administrator finds why in the server log.");
    }

    /**
     * A request a token budget refused: the budget is spent ({@link #BUDGET_SPENT}, until its
     * reset), or only the reservations of requests still running stand in its way, which is a
     * rate limit of seconds (no reason: clients retry it as one).
     */
    public static AiFailure budget(dev.stratus.ai.governance.BudgetExceededException e) {
        return new AiFailure(RATE_LIMITED, e.getMessage(), e.heldByRunning() ? null : BUDGET_SPENT, e.retryAfter());
    }

    /** When trying again may succeed, or null when not known. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public int code() {
        return code;
    }

    /** Why, when the client can tell it apart from a failure worth retrying; null otherwise. */
    public String reason() {
        return reason;
    }

    /** Whether every candidate turned the request itself down, so that trying again would not help. */
    static String rejection(ChatUnavailableException e) {
        boolean tooLarge = false;
        for (CandidateState s : e.candidates()) {
            switch (s.state()) {
                case CONTEXT_TOO_SMALL -> tooLarge = true;
                case REJECTED_REQUEST -> {
                }
                default -> {
                    return null;
                }
            }
        }
        return tooLarge ? AiFailure.CONTEXT_TOO_LARGE : AiFailure.REJECTED;
    }
}
