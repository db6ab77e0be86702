package dev.stratus.server.auth;

/** Slows down guessing of login tokens, per client address. */
public interface LoginThrottle {

    /**
     * Whether {@code address} may try to log in now.
     *
     * @return 0 if it may, else the milliseconds until it may try again
     */
    long waitBeforeAttempt(String address);

    /** Records a failed attempt of {@code address}. */
    void recordFailure(String address);
}
