package dev.stratus.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets and their stored form. Secrets are 256-bit random values, so a plain SHA-256
 * is the right stored form (as for GitHub or GitLab tokens): a slow password hash would add
 * nothing against guessing and cost every request.
 */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Cloned for each hash (every authenticated request): asking the security providers again costs more. */
    private static final MessageDigest SHA256 = newSha256();

    private Secrets() {
    }

    static String random(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        MessageDigest sha;
        try {
            sha = (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            sha = newSha256();
        }
        return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
