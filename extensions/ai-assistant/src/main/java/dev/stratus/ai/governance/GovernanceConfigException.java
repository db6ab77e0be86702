package dev.stratus.ai.governance;

/** The governance section of the configuration is invalid; the message names the setting. */
public final class GovernanceConfigException extends IllegalArgumentException {
    public GovernanceConfigException(String message) {
        super(message);
    }

    public GovernanceConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
