package dev.stratus.server.auth;

/**
 * An authenticated caller.
 *
 * @param userId stable user id
 * @param name display and login name
 * @param role {@code admin} or {@code user}
 * @param viaSession true for a browser session cookie, false for an API token
 */
public record Principal(String userId, String name, String role, boolean viaSession) {

    /** True for an administrator: what is only for operators (metrics, why an extension failed) is theirs. */
    public boolean admin() {
        return "admin".equals(role);
    }
}
