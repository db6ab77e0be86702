package dev.stratus.ai.chat;

import dev.stratus.ai.chat.AiProtocol.Applied;
import dev.stratus.ai.chat.AiProtocol.ApplyEditParams;
import dev.stratus.ai.engine.AiFailure;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.RpcSession;
import java.util.function.UnaryOperator;

/**
 * One connection's view of the edits proposed by ai/edit and not yet applied, the answered ones
 * a later request may escalate from (kept in {@link EditRecords}, for every connection of the
 * same user to the workspace), and writing an accepted edit through the file service.
 */
final class EditProposals {
    private final RpcSession session;
    private final EditRecords records;
    private final UnaryOperator<String> redact;

    /** @param redact a text as a model is given it (the engine's redaction) */
    EditProposals(RpcSession session, EditRecords records, UnaryOperator<String> redact) {
        this.session = session;
        this.records = records;
        this.redact = redact;
    }

    private String userId() {
        return session.caller().userId();
    }

    private String workspaceId() {
        return session.workspace().id();
    }

    void proposed(String requestId, String path, String oldText, String newText) {
        records.proposed(userId(), workspaceId(), requestId, new EditRecords.Proposed(path, oldText, newText));
    }

    /**
     * The user's proposal {@code requestId}, not applied yet, as its ai/done gave it: for a page
     * reloaded while it was reviewed to review it again.
     */
    AiProtocol.Edit proposal(String requestId) {
        if (requestId == null) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "requestId is required");
        }
        return records.proposed(userId(), workspaceId(), requestId)
                .map(p -> new AiProtocol.Edit(p.path(), p.oldText(), p.newText()))
                .orElseThrow(() -> new ExtensionException(ExtensionException.Reason.NOT_FOUND, "No proposed edit " + requestId
                        + " to review: it was applied, or the server restarted since, or " + EditRecords.KEPT
                        + " newer ones were proposed"));
    }

    void answered(String requestId, EditRecords.Answered edit) {
        records.answered(userId(), workspaceId(), requestId, edit);
    }

    /**
     * Writes an accepted edit: an ai/edit proposal only onto the text it was computed from, a
     * chat answer's block onto the {@code baseText} the browser computed it from, a proposed new
     * file only where nothing is yet; Conflict otherwise. A chat's edit that would put
     * {@code [REDACTED:kind]} placeholders where the file holds secrets is PermissionDenied.
     */
    Applied apply(ApplyEditParams params) {
        if (params == null || params.requestId() == null || params.path() == null || params.newText() == null) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "requestId, path and newText are required");
        }
        EditRecords.Proposed pending = records.proposed(userId(), workspaceId(), params.requestId()).orElse(null);
        if (pending != null && !pending.path().equals(params.path())) {
            throw new ExtensionException(ExtensionException.Reason.NOT_FOUND, "No proposed edit " + params.requestId() + " for " + params.path());
        }
        // An ai/edit proposal knows the text it was computed from; a chat's code block applied as
        // an edit comes with the text the browser computed it from (baseText).
        String base = pending != null ? pending.oldText() : params.baseText();
        if (base == null) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "baseText is required for a chat answer's edit");
        }
        if (base.isEmpty() && pending == null && !exists(params.path())) {
            // A new file the assistant proposed: created only if nothing took its place meanwhile.
            try {
                session.workspace().files().create(params.path(), params.newText());
            } catch (ExtensionException e) {
                throw e.reason() == ExtensionException.Reason.ALREADY_EXISTS
                        ? new ExtensionException(ExtensionException.Reason.CONFLICT, params.path() + " was created meanwhile") : e;
            }
            return applied(params.path());
        }
        String current = session.workspace().files().read(params.path());
        if (!current.equals(base)) {
            throw new ExtensionException(ExtensionException.Reason.CONFLICT, params.path() + " changed since the edit was proposed");
        }
        if (pending == null) {
            keepsSecrets(params.path(), base, params.newText());
        }
        session.workspace().files().write(params.path(), params.newText());
        records.applied(params.requestId());
        return applied(params.path());
    }

    /**
     * A chat's edit is made of text the model was given redacted. A proposed file gets its secrets
     * back before the user sees it (ProposeEditTool); a code block applied as an edit may still
     * hold a placeholder standing for one of the file's secrets, which written would replace the
     * secret. Put back here, the editor would show the placeholder the disk no longer holds, and
     * the next save would write it: such an edit is refused instead.
     */
    private void keepsSecrets(String path, String base, String newText) {
        String restored;
        String kinds;
        try {
            restored = SecretRestore.restore(base, redact.apply(base), newText);
            kinds = null;
        } catch (SecretRestore.Unrestorable e) {
            restored = null;
            kinds = e.getMessage();
        } catch (AiFailure e) {
            throw new ExtensionException(ExtensionException.Reason.PERMISSION_DENIED, "Not written: " + e.getMessage());
        }
        if (!newText.equals(restored)) {
            throw new ExtensionException(ExtensionException.Reason.PERMISSION_DENIED, "Not written: the edit puts placeholders of "
                    + (kinds != null ? kinds : "secrets") + " where " + path + " holds the secrets themselves, which it would replace."
                    + " Change those lines by hand, or ask for the edit again without them.");
        }
    }

    /** The file service's version of {@code path} after a write, for the editor's next save. */
    private Applied applied(String path) {
        var stat = session.workspace().files().stat(path);
        return new Applied(stat.version() != null ? stat.version() : String.valueOf(stat.mtime()));
    }

    /** The answered ai/edit {@code requestId} of {@code path}; NotFound for an unknown one or another file. */
    EditRecords.Answered answered(String requestId, String path) {
        EditRecords.Answered e = records.answered(userId(), workspaceId(), requestId).orElse(null);
        if (e == null || !e.path().equals(path)) {
            throw new ExtensionException(ExtensionException.Reason.NOT_FOUND, "No earlier edit " + requestId + " of " + path);
        }
        return e;
    }

    private boolean exists(String path) {
        try {
            session.workspace().files().stat(path);
            return true;
        } catch (ExtensionException e) {
            if (e.reason() == ExtensionException.Reason.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
