package dev.stratus.protocol;

/**
 * A failure the client can act on, carrying the protocol error it is reported as. Features throw
 * their own subclasses; the RPC boundary maps every one the same way, once. No stack trace is
 * recorded: these are answers, not faults.
 */
public class ProtocolException extends RuntimeException {
    private final ProtocolError reason;

    public ProtocolException(ProtocolError reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** Why, with its protocol error code. */
    public ProtocolError reason() {
        return reason;
    }
}
