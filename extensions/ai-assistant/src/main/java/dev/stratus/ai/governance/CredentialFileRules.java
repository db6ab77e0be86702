package dev.stratus.ai.governance;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.MatchResult;

/**
 * Credential files whose lines carry no name for the secret, so that neither the assignment
 * rules nor a vendor's prefix know it: PostgreSQL's {@code .pgpass}, {@code .netrc}, a Docker
 * {@code config.json}'s {@code auth} and Maven's {@code settings-security.xml}.
 */
final class CredentialFileRules {
    private CredentialFileRules() {
    }

    static List<SecretRule> rules() {
        return List.of(
                // hostname:port:database:username:password, the last field taking the rest of the line
                // (a colon in it is written \:); also as a search result's path:line: prefix.
                SecretRule.of("pgpass", "(?m)^(?:[^\\r\\n:]{1,1024}+:[0-9]{1,10}+:)?([A-Za-z0-9_.*-]{1,255}+):(?:[0-9]{1,5}+|\\*)"
                        + ":[A-Za-z0-9_.*-]{1,255}+:([A-Za-z0-9_.*@-]{1,255}+):([^\\r\\n]{1,1024}+)$", 3,
                        CredentialFileRules::pgpass),
                // machine host login user password secret, on one line or several; "default" opens a line.
                SecretRule.of("netrc", "(?m)(?:^[ \\t]*+default|(?<![\\w-])machine[ \\t\\r\\n]++[^\\s]{1,255}+)"
                        + "(?:[ \\t\\r\\n]++(?:login|account|port|protocol)[ \\t\\r\\n]++[^\\s]{1,255}+){0,4}+"
                        + "[ \\t\\r\\n]++password[ \\t\\r\\n]++([^\\s]{1,1024}+)", 1,
                        m -> !SecretRules.isReference(m.group(1))).needing("machine", "default"),
                // base64 of user:password, too short or too plain for the entropy rule
                SecretRule.of("registry-auth", "\"auth\"[ \\t]*+:[ \\t]*+\"([A-Za-z0-9+/]{4,4096}+={0,2}+)\"", 1,
                        m -> base64OfUserAndPassword(m.group(1))).needing("\"auth\""),
                // Maven's master password, which decrypts every {...} password of settings.xml
                SecretRule.of("xml-secret", "<master>(\\{[^<>{}\\s]{8,1024}+})</master>", 1, m -> true).needing("<master>"));
    }

    /** A .pgpass line: the host has a letter or a dot or is *, the user a letter or is *, the password is no number (not a timestamp). */
    private static boolean pgpass(MatchResult m) {
        String host = m.group(1);
        String user = m.group(2);
        String password = m.group(3);
        return (host.equals("*") || host.chars().anyMatch(c -> Character.isLetter(c) || c == '.'))
                && (user.equals("*") || user.chars().anyMatch(Character::isLetter))
                && !password.chars().allMatch(Character::isDigit) && !SecretRules.isReference(password);
    }

    private static boolean base64OfUserAndPassword(String value) {
        try {
            String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon > 0 && colon < decoded.length() - 1;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
