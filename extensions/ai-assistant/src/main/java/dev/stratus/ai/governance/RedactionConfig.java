package dev.stratus.ai.governance;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Secret redaction.
 *
 * @param timeoutMillis the time one request's redaction may take before the request is blocked,
 *     1..60000, default 5000
 * @param maxChars the most characters one request may carry to be scanned (all messages and tool
 *     arguments together); a larger request is blocked. Default 2,000,000 (about half a million tokens).
 * @param extraPatterns patterns of the organisation's own secrets, redacted after the built-in ones
 */
public record RedactionConfig(Integer timeoutMillis, Integer maxChars, List<ExtraPattern> extraPatterns) {
    public RedactionConfig {
        timeoutMillis = timeoutMillis == null ? 5000 : timeoutMillis;
        if (timeoutMillis < 1 || timeoutMillis > 60_000) {
            throw new GovernanceConfigException("redaction.timeoutMillis must be 1..60000: " + timeoutMillis);
        }
        maxChars = maxChars == null ? 2_000_000 : maxChars;
        if (maxChars < 1) {
            throw new GovernanceConfigException("redaction.maxChars must be positive: " + maxChars);
        }
        extraPatterns = extraPatterns == null ? List.of() : List.copyOf(extraPatterns);
    }

    public static RedactionConfig defaults() {
        return new RedactionConfig(null, null, null);
    }

    /**
     * One extra pattern. The whole match is replaced with {@code [REDACTED:<kind>]}, or only group
     * 1 when the regex has a group.
     *
     * @param kind the name in placeholders and findings: lower case letters, digits and dashes
     * @param regex a {@link Pattern java.util.regex} expression
     */
    public record ExtraPattern(String kind, String regex) {
        public ExtraPattern {
            if (kind == null || !kind.matches("[a-z0-9][a-z0-9-]{0,40}")) {
                throw new GovernanceConfigException("redaction.extraPatterns kind must be 1-41 lower-case letters, digits "
                        + "and dashes, starting with a letter or digit");
            }
            if (regex == null || regex.isEmpty()) {
                throw new GovernanceConfigException("redaction.extraPatterns." + kind + " has no regex");
            }
            try {
                if (Pattern.compile(regex).matcher("").matches()) {
                    throw new GovernanceConfigException("redaction.extraPatterns." + kind + " matches empty text");
                }
            } catch (PatternSyntaxException e) {
                throw new GovernanceConfigException("redaction.extraPatterns." + kind + " is not a valid regex: "
                        + e.getDescription() + " near index " + e.getIndex(), e);
            }
        }
    }
}
