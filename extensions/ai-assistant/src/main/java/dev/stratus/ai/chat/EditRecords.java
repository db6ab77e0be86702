package dev.stratus.ai.chat;

import dev.stratus.ai.model.Tier;
import dev.stratus.ai.router.Escalation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The edits ai/edit proposed and not yet applied, and the answered ones a later request may
 * escalate from, for every connection of the assistant: an edit taken up on another connection
 * after its page went away ({@code ai/resume}) is applied, and escalated from, there as on the
 * connection that asked for it. Each is its user's in its workspace only. The newest
 * {@value #KEPT} of each kind are kept. Thread-safe.
 */
public final class EditRecords {
    /** How many proposed, and how many answered, edits are kept at most. */
    static final int KEPT = 2000;

    /** An ai/edit proposal: the file, the text it was computed from, and what it makes of it. */
    record Proposed(String path, String oldText, String newText) {
    }

    /** An answered ai/edit, kept so a later request can escalate from it. */
    record Answered(String path, String deployment, Tier tier, Escalation escalation) {
    }

    private record Owned<T>(String userId, String workspaceId, T record) {
    }

    private final Map<String, Owned<Proposed>> proposed = newest();
    private final Map<String, Owned<Answered>> answered = newest();

    private static <T> Map<String, T> newest() {
        return java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
                return size() > KEPT;
            }
        });
    }

    void proposed(String userId, String workspaceId, String requestId, Proposed edit) {
        proposed.put(requestId, new Owned<>(userId, workspaceId, edit));
    }

    void answered(String userId, String workspaceId, String requestId, Answered edit) {
        answered.put(requestId, new Owned<>(userId, workspaceId, edit));
    }

    /** The user's proposal {@code requestId} in the workspace, if it is still to be applied. */
    Optional<Proposed> proposed(String userId, String workspaceId, String requestId) {
        return mine(proposed.get(requestId), userId, workspaceId);
    }

    /** The proposal was applied: it cannot be applied again from the text it was computed from. */
    void applied(String requestId) {
        proposed.remove(requestId);
    }

    /** The user's answered edit {@code requestId} in the workspace, if it is kept. */
    Optional<Answered> answered(String userId, String workspaceId, String requestId) {
        return mine(answered.get(requestId), userId, workspaceId);
    }

    private static <T> Optional<T> mine(Owned<T> owned, String userId, String workspaceId) {
        return owned != null && owned.userId().equals(userId) && owned.workspaceId().equals(workspaceId)
                ? Optional.of(owned.record()) : Optional.empty();
    }
}
