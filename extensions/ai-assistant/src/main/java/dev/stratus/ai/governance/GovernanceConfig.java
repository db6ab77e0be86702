package dev.stratus.ai.governance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The {@code governance} section of the AI configuration. Every part is optional:
 * <pre>
 * governance:
 *   budgets:   {period: daily, zone: UTC, userTokens: 200000, users: {alice: 500000},
 *               teams: {core: [alice, bob]}, teamTokens: {core: 1000000}, fsync: true}
 *   rateLimit: {requestsPerMinute: 30}
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

    private static GovernanceConfigException unwrap(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GovernanceConfigException g) {
                return g;
            }
        }
        return new GovernanceConfigException("invalid governance configuration: " + e.getOriginalMessage(), e);
    }
}
