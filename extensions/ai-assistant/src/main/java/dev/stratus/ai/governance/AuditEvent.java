package dev.stratus.ai.governance;

import dev.stratus.ai.model.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to one request, as the caller knows it; {@link AuditLog} adds the sequence
 * number, time and chain hashes.
 *
 * @param user the user id
 * @param workspace the workspace id, or null
 * @param action what the request did
 * @param tier the tier used, or null (refused before routing)
 * @param model the model name sent upstream, or null
 * @param deployment the deployment that answered (or failed last), or null
 * @param promptTokens prompt tokens the provider reported, 0 if none
 * @param completionTokens completion tokens the provider reported, 0 if none
 * @param outcome {@code ok}, {@code error:<kind>} (for example {@code error:timeout}) or
 *     {@code refused:<reason>} ({@code refused:budget}, {@code refused:rate-limit},
 *     {@code refused:redaction})
 * @param fallbacks the deployments tried and given up on before the one that answered, in order
 * @param redactions secret kinds redacted and how many of each; never the secrets
 * @param prompt the redacted prompt text; written only when {@code auditPrompts} is on
 * @param escalations the request's escalations so far, in order ({@code escalated small -> medium: edit did not
 *     apply}), including a refused one ({@code no escalation from large (...): it is the largest tier}); written
 *     only when there are some
 */
public record AuditEvent(String user, String workspace, AuditAction action, Tier tier, String model,
                         String deployment, int promptTokens, int completionTokens, String outcome,
                         List<String> fallbacks, Map<String, Integer> redactions, String prompt, List<String> escalations) {
    public AuditEvent {
        escalations = escalations == null ? List.of() : List.copyOf(escalations);
        if (user == null || action == null || outcome == null) {
            throw new IllegalArgumentException("an audit event needs a user, an action and an outcome");
        }
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        redactions = redactions == null ? Map.of() : Map.copyOf(new TreeMap<>(redactions));
    }

    /** An event of a request that did not escalate. */
    public AuditEvent(String user, String workspace, AuditAction action, Tier tier, String model, String deployment,
                      int promptTokens, int completionTokens, String outcome, List<String> fallbacks,
                      Map<String, Integer> redactions, String prompt) {
        this(user, workspace, action, tier, model, deployment, promptTokens, completionTokens, outcome, fallbacks, redactions,
                prompt, List.of());
    }

    public static String ok() {
        return "ok";
    }

    public static String error(String kind) {
        return "error:" + kind;
    }

    public static String refused(String reason) {
        return "refused:" + reason;
    }

    /** The record {@link AuditLog#open} writes for records it found beyond its head witness. */
    static AuditEvent unwitnessed(long first, long last) {
        return new AuditEvent("stratus", null, AuditAction.AUDIT, null, null, null, 0, 0,
                UNWITNESSED + first + "-" + last, List.of(), Map.of(), null);
    }

    static final String UNWITNESSED = "unwitnessed:";

    /**
     * The record {@link AuditLog#ensureWritable} writes once records can be written again after
     * a failed write: requests were refused, unrecorded, from {@code since} until it.
     */
    static AuditEvent unwritable(Instant since) {
        return new AuditEvent("stratus", null, AuditAction.AUDIT, null, null, null, 0, 0,
                UNWRITABLE + since, List.of(), Map.of(), null);
    }

    static final String UNWRITABLE = "unwritable-since:";

    /**
     * The record {@link AuditLog#open} writes for a cut-off last line it set aside: {@code bytes}
     * where record {@code seq} would begin, kept in the file {@code keptIn} beside the log.
     */
    static AuditEvent cutAside(long seq, int bytes, String keptIn) {
        return new AuditEvent("stratus", null, AuditAction.AUDIT, null, null, null, 0, 0,
                CUT_ASIDE + seq + ":" + bytes + ":" + keptIn, List.of(), Map.of(), null);
    }

    static final String CUT_ASIDE = "cut-set-aside:";

    /**
     * The record of a request that was running when the server stopped, written when the
     * assistant starts again: its reservation, charged in full, as its budgets count it.
     *
     * @param reservation what the request held, never settled
     */
    public static AuditEvent interrupted(Reservation reservation) {
        return new AuditEvent(reservation.userId(), null, AuditAction.AUDIT, null, null, null, 0, 0,
                INTERRUPTED + reservation.tokens(), List.of(), Map.of(), null);
    }

    static final String INTERRUPTED = "interrupted:";
}
