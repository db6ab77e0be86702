package dev.stratus.ai.governance;

/** A budget ledger or audit log could not be read or written; the request is not sent. */
public final class GovernanceStoreException extends GovernanceException {
    public GovernanceStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
