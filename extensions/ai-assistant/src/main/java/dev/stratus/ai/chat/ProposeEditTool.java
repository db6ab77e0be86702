package dev.stratus.ai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.ai.engine.AiFailure;
import dev.stratus.extension.api.ExtensionException;
import dev.stratus.extension.api.RpcSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The chat's {@code propose_edit} tool: checks a proposed file content and describes it to the
 * model; nothing is written (the browser offers the review, and {@code ai/applyEdit} writes what
 * the user accepts).
 *
 * <p>The model read the file redacted, so its content carries {@code [REDACTED:kind]} where the
 * file holds a secret. Each placeholder gets its secret back here, when that is certain (see
 * {@link SecretRestore}), before the proposal reaches the browser: the review shows, and Save
 * writes, the file's real content. When it is not certain the proposal is refused, and the model
 * and the user are told why.
 *
 * <p>A conversation keeps a proposal as the model wrote it, placeholders and all, never the edit
 * with the file's secrets: reviewed again ({@code ai/proposedEdit}) it gets them back from the
 * file as it is then.
 *
 * <p>A proposal is made of the file as the model knew it: what it read in this request, or what
 * it proposed for it. When the file changed on disk since (the user saved, a formatter ran), the
 * review would offer to undo that change, so the proposal is refused and the model told to read
 * the file again.
 */
final class ProposeEditTool {
    static final String NAME = "propose_edit";
    /** How the result for a file that does not exist begins (the browser offers to create it). */
    static final String NEW_FILE = "Proposed a new file ";

    private final RpcSession session;
    private final UnaryOperator<String> redact;
    /** Per request and path, digests of the contents its model knows of the file (read or proposed). */
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();

    /**
     * What the model is told, and for a change of an existing file the edit the user reviews:
     * {@code oldText} the file as the model saw it (unredacted), {@code newText} the proposal
     * with the file's secrets back; null when there is nothing to review.
     */
    record Proposal(String result, AiProtocol.Edit edit) {
    }

    /** @param redact a text as a model is given it (the engine's redaction) */
    ProposeEditTool(RpcSession session, UnaryOperator<String> redact) {
        this.session = session;
        this.redact = redact;
    }

    /** Notes that the model of {@code requestId} read {@code path} as {@code text}. */
    void read(String requestId, String path, String text) {
        known.computeIfAbsent(key(requestId, path), k -> ConcurrentHashMap.newKeySet()).add(digest(text));
    }

    /** Forgets what the model of {@code requestId} knew of files: its request ended. */
    void forget(String requestId) {
        known.keySet().removeIf(k -> k.startsWith(requestId + "\n"));
    }

    Proposal propose(String requestId, JsonNode args) {
        String path = args.path("path").asText("");
        if (path.isBlank() || !args.path("content").isTextual()) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "propose_edit needs a path and the file's content");
        }
        String proposed = args.get("content").asText();
        Proposal p = propose(path, proposed, known.get(key(requestId, path)));
        read(requestId, path, proposed);
        return p;
    }

    private Proposal propose(String path, String proposed, Set<String> knownContents) {
        String current;
        try {
            current = session.workspace().files().read(path);
        } catch (ExtensionException e) {
            if (e.reason() != ExtensionException.Reason.NOT_FOUND) {
                throw e;
            }
            long lines = proposed.lines().count();
            return new Proposal(NEW_FILE + path + " (" + lines + (lines == 1 ? " line" : " lines") + "); the user reviews it and decides."
                    + " It is not created yet.", null);
        }
        if (knownContents != null && !knownContents.contains(digest(current))) {
            throw new ExtensionException(ExtensionException.Reason.CONFLICT, "Not proposed: " + path + " changed since you read it."
                    + " Read it again and propose your change of what it holds now.");
        }
        String content;
        try {
            content = SecretRestore.restore(current, redact.apply(current), proposed);
        } catch (SecretRestore.Unrestorable e) {
            throw new ExtensionException(ExtensionException.Reason.PERMISSION_DENIED, "Not proposed: the content changes where " + path
                    + " holds secrets the model was not shown (" + e.getMessage() + "), and they could not be put back as they were."
                    + " Keep each [REDACTED:…] placeholder where it stood, or leave those lines for the user to change by hand.");
        } catch (AiFailure e) {
            // The file could not be redacted (too large, or its patterns timed out): this step fails, not the answer.
            throw new ExtensionException(ExtensionException.Reason.PERMISSION_DENIED, "Not proposed: " + e.getMessage());
        }
        if (current.equals(content)) {
            return new Proposal("The proposed content is the same as the file's: nothing to review.", null);
        }
        return new Proposal("Proposed a change of " + path + " (" + describeChange(current, content)
                + "); the user reviews it as a diff and decides. It is not applied yet.", new AiProtocol.Edit(path, current, content));
    }

    /**
     * The edit a kept proposal makes of {@code path} as it is now: {@code content} as the model
     * wrote it, with the file's secrets back in place of its placeholders. Nothing is written.
     *
     * @throws ExtensionException NotFound when the file is gone, PermissionDenied when its
     *     secrets cannot be placed with certainty (its save would replace them)
     */
    AiProtocol.Edit again(String path, String content) {
        if (path == null || path.isBlank() || content == null) {
            throw new ExtensionException(ExtensionException.Reason.INVALID_PARAMS, "path and content are required");
        }
        String current = session.workspace().files().read(path);
        try {
            return new AiProtocol.Edit(path, current, SecretRestore.restore(current, redact.apply(current), content));
        } catch (SecretRestore.Unrestorable e) {
            throw new ExtensionException(ExtensionException.Reason.PERMISSION_DENIED, "This proposal cannot be reviewed again: it changes"
                    + " lines where " + path + " now holds secrets (" + e.getMessage() + ") that cannot be put back as they were, so"
                    + " saving it would replace them. Ask the assistant again for the file as it is now.");
        } catch (AiFailure e) {
            throw new ExtensionException(ExtensionException.Reason.PERMISSION_DENIED, e.getMessage());
        }
    }

    private static String key(String requestId, String path) {
        return requestId + "\n" + path;
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** "lines 3-7: 5 lines become 6", from the first and last lines that differ. */
    static String describeChange(String current, String proposed) {
        List<String> a = current.lines().toList();
        List<String> b = proposed.lines().toList();
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
            start++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
            endA--;
            endB--;
        }
        int removed = endA - start;
        int added = endB - start;
        String where = removed <= 1 ? "line " + (start + 1) : "lines " + (start + 1) + "-" + endA;
        return where + ": " + removed + (removed == 1 ? " line becomes " : " lines become ") + added;
    }
}
