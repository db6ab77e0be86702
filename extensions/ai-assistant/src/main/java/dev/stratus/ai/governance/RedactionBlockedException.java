package dev.stratus.ai.governance;

/**
 * Redaction could not finish (it failed, ran out of time, or the input is over the size bound),
 * so the request is not sent: it is never sent unredacted.
 */
public final class RedactionBlockedException extends GovernanceException {
    public RedactionBlockedException(String message) {
        super(message);
    }

    public RedactionBlockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
