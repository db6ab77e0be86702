package dev.stratus.ai.governance;

/**
 * A request stopped by governance: over budget, rate limited, blocked by redaction, or a
 * governance store that cannot record it. The message is safe to show to the user: it never
 * contains a secret or prompt text.
 */
public class GovernanceException extends RuntimeException {
    public GovernanceException(String message) {
        super(message);
    }

    public GovernanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
