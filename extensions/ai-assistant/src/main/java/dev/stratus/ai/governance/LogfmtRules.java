package dev.stratus.ai.governance;

import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * A secret among the {@code name=value} pairs of a log line in logfmt (Go's slog, Heroku's router,
 * many services' access logs): {@code level=info user=bob password=hunter2 path=/x},
 * {@code msg="login" token=abc123 ok=true}. Only the value is replaced; the other pairs stay.
 *
 * <p>A line is taken for logfmt when two pairs stand side by side, separated by blanks alone;
 * from there each following pair is looked at in turn. Keyword arguments in code
 * ({@code f(user=u, password=pw)}) are separated by commas and stay as they are. The name must
 * say it holds a secret ({@link SecretRules#namesSecret}); an empty value, a reference or a
 * label is kept. An upper-case name is a shell variable's ({@code PGUSER=app PGPASSWORD=x psql}),
 * left to {@link ShellRules}.
 */
final class LogfmtRules {
    private static final Pattern SHELL_VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]*+");
    private static final String NAME = "[A-Za-z_][A-Za-z0-9_.-]{0,120}+=";
    /** A quoted value with its escapes, or an unquoted one up to a blank; code's punctuation ends neither. */
    private static final String VALUE = "(?:\"(?:[^\"\\\\\\r\\n]|\\\\.){0,512}+\"|[^\\s\"'`,;(){}\\[\\]]{0,512}+)(?![^\\s])";

    private LogfmtRules() {
    }

    static List<SecretRule> rules() {
        // \G goes on from the previous pair (matched, redacted or not) so that every pair of the line is looked at.
        return List.of(SecretRule.of("logfmt-secret", "(?:(?<![^\\s])(?=" + NAME + VALUE + "[ \\t]++" + NAME + ")|\\G(?<=.)[ \\t]++)"
                + "([A-Za-z_][A-Za-z0-9_.-]{0,120}+)=(\"?+)((?<=\")(?:[^\"\\\\\\r\\n]|\\\\.){0,512}+|[^\\s\"'`,;(){}\\[\\]]{0,512}+)\\2"
                + "(?![^\\s])", 3, LogfmtRules::secret).needing("="));
    }

    private static boolean secret(MatchResult m) {
        String name = m.group(1);
        String value = m.group(3);
        return !value.isEmpty() && !SHELL_VARIABLE.matcher(name).matches() && SecretRules.namesSecret(name) && SecretRules.secretValue(name, value);
    }
}
