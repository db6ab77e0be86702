package dev.stratus.ai.governance;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an audited request did. */
public enum AuditAction {
    /** A chat turn. */
    CHAT,
    /** An edit proposed or applied by a model. */
    EDIT,
    /** A routing decision (tier and deployment chosen). */
    ROUTE,
    /** A request through the model gateway from another client. */
    GATEWAY,
    /** A text completion (prompt and suffix, as editors' autocomplete sends) through the model gateway. */
    COMPLETION,
    /** A tool a model called. */
    TOOL,
    /**
     * The log itself: written when the log is opened with records its head witness did not
     * cover (outcome {@code unwitnessed:<first>-<last>}), so that {@code verify} still names
     * them after the witness has moved past them.
     * And written once records can be written again after a write failed (outcome
     * {@code unwritable-since:<time>}): requests were refused, unrecorded, from then until it.
     * And when the log is opened with a cut-off last line beyond the witness (outcome
     * {@code cut-set-aside:<seq>:<bytes>:<file>}): its bytes were moved into that file beside the log.
     * And, for the user of a request that was running when the server stopped, when the assistant
     * starts again (outcome {@code interrupted:<tokens>}): its reservation, charged in full.
     */
    AUDIT;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
