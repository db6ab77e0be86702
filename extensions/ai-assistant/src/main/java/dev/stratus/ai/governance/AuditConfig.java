package dev.stratus.ai.governance;

/**
 * The audit log.
 *
 * @param auditPrompts whether records carry the (redacted) prompt text, default false
 * @param fsync whether each record is forced to disk before the call goes on, default true
 */
public record AuditConfig(Boolean auditPrompts, Boolean fsync) {
    public AuditConfig {
        auditPrompts = auditPrompts != null && auditPrompts;
        fsync = fsync == null || fsync;
    }

    public static AuditConfig defaults() {
        return new AuditConfig(null, null);
    }
}
