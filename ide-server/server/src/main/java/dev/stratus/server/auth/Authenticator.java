package dev.stratus.server.auth;

import java.util.Optional;

/** What the HTTP layer needs from authentication. */
public interface Authenticator {

    /** The owner of a live session cookie. */
    Optional<Principal> bySession(String cookieValue);

    /** The owner of an API token sent as {@code Authorization: Bearer}. */
    Optional<Principal> byToken(String token);

    /**
     * Exchanges a one-time login token (consumed) or an API token (kept) for a new session.
     * Empty when the token is unknown, used or expired.
     */
    Optional<NewSession> login(String token);

    /** Ends a session; unknown values are ignored. */
    void logout(String cookieValue);
}
