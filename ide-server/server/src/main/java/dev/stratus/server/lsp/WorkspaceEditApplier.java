package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.ErrorCodes;
import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;
import dev.stratus.protocol.fs.DeleteParams;
import dev.stratus.protocol.fs.Encoding;
import dev.stratus.protocol.fs.FileService;
import dev.stratus.protocol.fs.MoveParams;
import dev.stratus.protocol.fs.PathParams;
import dev.stratus.protocol.fs.ReadParams;
import dev.stratus.protocol.fs.ReadResult;
import dev.stratus.protocol.fs.WriteParams;
import dev.stratus.protocol.lsp.ApplyWorkspaceEditResult;
import dev.stratus.protocol.lsp.EditFailure;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an LSP {@code WorkspaceEdit} to files on disk through the workspace's
 * {@link FileService}, so the file service's confinement, atomic writes and versions hold: each
 * file is read, its edits applied (UTF-16 positions) and written back with the version read as
 * {@code expectedVersion}, so a file changed meanwhile fails with Conflict and keeps its content.
 * Each file or operation succeeds or fails on its own; the result says which. Blocking: run it
 * on a virtual thread.
 */
final class WorkspaceEditApplier {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceEditApplier.class);

    private final FileService files;
    private final Set<String> applied = new LinkedHashSet<>();
    private final List<EditFailure> failed = new ArrayList<>();

    private WorkspaceEditApplier(FileService files) {
        this.files = files;
    }

    /**
     * Applies {@code edit}: its {@code documentChanges} if present, else its {@code changes} (an
     * edit with neither changes nothing). LanguageServerException (-32602) when either has the
     * wrong type.
     */
    static ApplyWorkspaceEditResult apply(FileService files, JsonNode edit) {
        WorkspaceEditApplier a = new WorkspaceEditApplier(files);
        JsonNode documentChanges = edit.get("documentChanges");
        JsonNode changes = edit.get("changes");
        if (documentChanges != null && !documentChanges.isNull()) {
            if (!documentChanges.isArray()) {
                throw LanguageServerException.invalid("edit.documentChanges must be an array");
            }
            documentChanges.forEach(a::documentChange);
        } else if (changes != null && !changes.isNull()) {
            if (!changes.isObject()) {
                throw LanguageServerException.invalid("edit.changes must be an object");
            }
            for (Map.Entry<String, JsonNode> e : changes.properties()) {
                a.textEdits(e.getKey(), e.getValue());
            }
        }
        return new ApplyWorkspaceEditResult(List.copyOf(a.applied), List.copyOf(a.failed));
    }

    private void documentChange(JsonNode change) {
        String kind = change.path("kind").asText(null);
        if (kind == null) {
            textEdits(change.path("textDocument").path("uri").asText(null), change.get("edits"));
            return;
        }
        JsonNode options = change.path("options");
        switch (kind) {
            case "create" -> withPath(change.path("uri").asText(null), path -> {
                makeParent(path);
                try {
                    call(files.write(new WriteParams(path, "", Encoding.UTF8, null, true, options.path("overwrite").asBoolean(false))));
                } catch (ProtocolException e) {
                    if (e.reason() != ProtocolError.ALREADY_EXISTS || !options.path("ignoreIfExists").asBoolean(false)) {
                        throw e;
                    }
                }
            });
            case "rename" -> {
                String to;
                try {
                    to = UriMapper.workspacePath(change.path("newUri").asText(null));
                } catch (IllegalArgumentException e) {
                    fail(change.path("newUri").asText(""), ErrorCodes.OUTSIDE_WORKSPACE, e.getMessage());
                    return;
                }
                withPath(change.path("oldUri").asText(null), from -> {
                    makeParent(to);
                    try {
                        call(files.move(new MoveParams(from, to, options.path("overwrite").asBoolean(false))));
                    } catch (ProtocolException e) {
                        if (e.reason() != ProtocolError.ALREADY_EXISTS || !options.path("ignoreIfExists").asBoolean(false)) {
                            throw e;
                        }
                    }
                });
            }
            case "delete" -> withPath(change.path("uri").asText(null), path -> {
                try {
                    call(files.delete(new DeleteParams(path, options.path("recursive").asBoolean(false))));
                } catch (ProtocolException e) {
                    if (e.reason() != ProtocolError.NOT_FOUND || !options.path("ignoreIfNotExists").asBoolean(false)) {
                        throw e;
                    }
                }
            });
            default -> fail(change.path("uri").asText(kind), ErrorCodes.INVALID_PARAMS, "Unknown resource operation: " + kind);
        }
    }

    private void textEdits(String uri, JsonNode edits) {
        withPath(uri, path -> {
            List<TextDocument.Edit> parsed = new ArrayList<>();
            if (edits == null || !edits.isArray()) {
                throw LanguageServerException.invalid("edits must be an array");
            }
            for (JsonNode e : edits) {
                JsonNode newText = e.get("newText");
                if (newText == null || !newText.isTextual()) {
                    throw LanguageServerException.invalid("Each text edit needs a newText (snippet edits are not supported)");
                }
                parsed.add(new TextDocument.Edit(TextRange.of(e.get("range")), newText.textValue()));
            }
            ReadResult read = call(files.read(new ReadParams(path, Encoding.UTF8)));
            String result = new TextDocument(read.content()).apply(parsed).text();
            if (!result.equals(read.content())) {
                call(files.write(new WriteParams(path, result, Encoding.UTF8, read.version(), false, true)));
            }
        });
    }

    /** Runs one file's operation, recording it as applied or failed under its path. */
    private void withPath(String uri, PathOperation op) {
        String path;
        try {
            path = UriMapper.workspacePath(uri);
        } catch (IllegalArgumentException e) {
            fail(uri == null ? "" : uri, ErrorCodes.OUTSIDE_WORKSPACE, e.getMessage());
            return;
        }
        try {
            op.run(path);
            applied.add(path);
        } catch (ProtocolException e) {
            fail(path, e.reason().code(), e.getMessage());
        } catch (IllegalArgumentException e) {
            fail(path, ErrorCodes.INVALID_PARAMS, e.getMessage());
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Applying a workspace edit to {} failed (incident {})", path, incident, e);
            fail(path, ErrorCodes.INTERNAL_ERROR, "Internal error (incident " + incident + ")");
        }
    }

    private void makeParent(String path) {
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            try {
                call(files.mkdir(new PathParams(path.substring(0, slash))));
            } catch (ProtocolException e) {
                if (e.reason() != ProtocolError.ALREADY_EXISTS) {
                    throw e;
                }
            }
        }
    }

    private void fail(String path, int code, String message) {
        failed.add(new EditFailure(path, code, message));
    }

    @FunctionalInterface
    private interface PathOperation {
        void run(String path);
    }

    /** The file service's answer, its failure rethrown as it was raised. */
    private static <T> T call(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LanguageServerException(ProtocolError.CANCELLED, "Interrupted");
        }
    }

    private static RuntimeException unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }
}
