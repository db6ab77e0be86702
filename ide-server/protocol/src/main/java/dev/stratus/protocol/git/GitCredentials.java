package dev.stratus.protocol.git;

/**
 * Credentials for a remote over HTTPS: a user name and a password or access token. They
 * are used for the one operation (or remembered in server memory for the calling user when the
 * operation asks to), and never written to the repository configuration or to logs.
 *
 * @param username user name (for token-based hosts, often any non-empty value)
 * @param password password or access token
 */
public record GitCredentials(String username, String password) {

    /** Never shows the password, so logging a request cannot leak it. */
    @Override
    public String toString() {
        return "GitCredentials[username=" + username + ", password=" + (password == null ? "null" : "***") + "]";
    }
}
