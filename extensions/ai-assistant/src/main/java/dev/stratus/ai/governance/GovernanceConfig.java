package dev.stratus.ai.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code governance} section of the AI configuration. Every part is optional:
 * <pre>
 * governance:
 *   budgets:   {period: daily, zone: UTC, userTokens: 200000, users: {alice: 500000},
 *               teams: {core: [alice, bob]}, teamTokens: {core: 1000000}, fsync: true}
 *   rateLimit: {requestsPerMinute: 30, completionsPerMinute: 120}
 *   redaction: {timeoutMillis: 5000, maxChars: 2000000,
 *               extraPatterns: [{kind: acme-token, regex: 'acme_[a-z0-9]{32}'}]}
 *   audit:     {auditPrompts: false, fsync: true}
 * </pre>
 */
public record GovernanceConfig(BudgetConfig budgets, RateLimitConfig rateLimit, RedactionConfig redaction,
                               AuditConfig audit) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public GovernanceConfig {
        budgets = budgets == null ? BudgetConfig.defaults() : budgets;
        rateLimit = rateLimit == null ? RateLimitConfig.defaults() : rateLimit;
        redaction = redaction == null ? RedactionConfig.defaults() : redaction;
        audit = audit == null ? AuditConfig.defaults() : audit;
    }

    public static GovernanceConfig defaults() {
        return new GovernanceConfig(null, null, null, null);
    }

    /**
     * Binds and validates the {@code governance} node.
     *
     * @throws GovernanceConfigException naming the first bad setting
     */
    public static GovernanceConfig from(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return defaults();
        }
        try {
            return YAML.treeToValue(node, GovernanceConfig.class);
        } catch (JsonProcessingException e) {
            throw unwrap(e);
        }
    }

    /** Parses YAML text whose root is the governance section. */
    public static GovernanceConfig fromYaml(String yaml) {
        try {
            return from(YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw unwrap(e);
        }
    }

    /**
     * The setting's own complaint, or one naming the setting and what it takes. Never Jackson's
     * message: it quotes the value ({@code from String "sk-live-..."}), and a value in the wrong
     * place may be a secret; this text goes to the log and to every user's panel.
     */
    private static GovernanceConfigException unwrap(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GovernanceConfigException g) {
                return g;
            }
        }
        if (!(e instanceof JsonMappingException m)) {
            return new GovernanceConfigException("is not valid YAML", e);
        }
        String where = path(m.getPath());
        if (m instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : "; known: " + u.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return new GovernanceConfigException((where.isEmpty() ? u.getPropertyName() : where) + " is not a known setting" + known, e);
        }
        if (m instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            return new GovernanceConfigException((where.isEmpty() ? "governance" : where) + " must be " + expected(mi.getTargetType()), e);
        }
        return new GovernanceConfigException((where.isEmpty() ? "governance" : where) + " is not valid", e);
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                s.append(s.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    /** What a setting of {@code type} takes, in the file's words. */
    private static String expected(Class<?> type) {
        if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a mapping";
    }
}
