package dev.stratus.ai.governance;

import java.util.List;
import java.util.regex.MatchResult;

/**
 * Secrets on a command line that the flag rules do not know: a variable set for one command
 * ({@code PGPASSWORD=x psql}, {@code sudo MYSQL_PWD=x mysql}, {@code cd app && export TOKEN=x}, a
 * shell history's {@code : 1700000000:0;export ...} and {@code 123  export ...}), the password
 * options of sshpass, redis-cli, docker and podman login, the MongoDB tools, keytool and openssl,
 * and a JVM's {@code -Dname=value}. A .env line is env-secret's.
 */
final class ShellRules {
    /** A shell word: quoted whole, or unquoted up to a space or an operator. */
    private static final String WORD = "(\"[^\"\\r\\n]{1,512}+\"|'[^'\\r\\n]{1,512}+'|[^\\s\"'`;&|(),]{1,512}+)(?=[\\s;&|]|$)";

    private ShellRules() {
    }

    static List<SecretRule> rules() {
        return List.of(
                // Upper case (the environment's convention) unless export says it is a variable; = glued.
                // env NAME=x and sudo NAME=x need no words of their own: a space is before the name.
                SecretRule.of("command-secret", "(?<![^\\s;&|])(?:export[ \\t]++([A-Za-z_][A-Za-z0-9_]{0,120}+)"
                        + "|([A-Z_][A-Z0-9_]{0,120}+))=" + WORD, 3, ShellRules::assignment),
                SecretRule.of("command-secret", "\\b(?:sshpass|(?:docker|podman)[ \\t]++login|mongo(?:sh|dump|restore|import|export)?+"
                        + "|redis-cli)(?=[ \\t])[^\\r\\n|;&]{0,256}?(?<=[ \\t])-[pa][ \\t]++" + WORD, 1, m -> literal(m.group(1)))
                        .needing("sshpass", "docker login", "podman login", "mongo", "redis-cli"),
                // keytool's -storepass x, openssl's -passin pass:x (env: and file: name where it is). Each
                // rule starts with a literal, which the regex engine finds faster than a lookbehind.
                SecretRule.of("command-secret", "-(?<![^\\s\"']-)(?:(?:src|dest)?+(?:store|key)pass[ \\t]++"
                        + "|pass(?:in|out)?+[ \\t]++pass:)" + WORD, 1, m -> literal(m.group(1))).needing("pass"),
                SecretRule.of("command-secret", "-D(?<![^\\s\"']-D)([A-Za-z0-9_.-]{1,120}+)=" + WORD, 2,
                        m -> SecretRules.namesSecret(m.group(1).substring(m.group(1).lastIndexOf('.') + 1))
                                && literal(m.group(2))).needing("-D"));
    }

    private static boolean assignment(MatchResult m) {
        return SecretRules.namesSecret(m.group(1) != null ? m.group(1) : m.group(2)) && literal(m.group(3));
    }

    private static boolean literal(String word) {
        String value = SecretRules.unquote(word);
        return !value.isEmpty() && !SecretRules.isReference(value) && !value.startsWith("-");
    }
}
