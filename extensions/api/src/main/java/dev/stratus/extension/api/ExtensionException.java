package dev.stratus.extension.api;

/**
 * An error with a reason the client can act on. Thrown by the host's services (a denied
 * permission, a missing file) and by extensions' handlers; the host maps the reason to the
 * protocol's error code, and sends {@link #getMessage()} to the client, so it must not carry
 * secrets. Any other exception from a handler reaches the client only as an internal error.
 *
 * @since 1.0
 */
public class ExtensionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Why a call failed.
     *
     * @since 1.0
     */
    public enum Reason {
        /**
         * Something named does not exist.
         *
         * @since 1.0
         */
        NOT_FOUND,
        /**
         * Something to be created exists.
         *
         * @since 1.0
         */
        ALREADY_EXISTS,
        /**
         * The target changed since it was read.
         *
         * @since 1.0
         */
        CONFLICT,
        /**
         * The extension or user may not do this.
         *
         * @since 1.0
         */
        PERMISSION_DENIED,
        /**
         * The parameters are wrong.
         *
         * @since 1.0
         */
        INVALID_PARAMS,
        /**
         * Something needed is not available now.
         *
         * @since 1.0
         */
        UNAVAILABLE
    }

    /**
     * Why it failed.
     *
     * @since 1.0
     */
    private final Reason reason;

    /**
     * An error with a reason and a message for the user.
     *
     * @param reason why it failed
     * @param message what failed, for the user
     * @since 1.0
     */
    public ExtensionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * An error with a reason, a message for the user and the cause (which is not sent).
     *
     * @param reason why it failed
     * @param message what failed, for the user
     * @param cause the underlying error, logged by the host
     * @since 1.0
     */
    public ExtensionException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * Why it failed.
     *
     * @return the reason
     * @since 1.0
     */
    public Reason reason() {
        return reason;
    }
}
