package dev.stratus.server.auth;

import java.time.Instant;

/**
 * A session created by a successful login.
 *
 * @param cookieValue the secret to put in the session cookie (only its hash is stored)
 * @param expiresAt when the session ends
 * @param principal who logged in
 */
public record NewSession(String cookieValue, Instant expiresAt, Principal principal) {
}
