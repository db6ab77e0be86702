package dev.stratus.protocol.fs;

import dev.stratus.protocol.Empty;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/**
 * Files of one workspace, addressed by workspace-relative POSIX paths ({@code src/Main.java};
 * {@code ""} and {@code "."} are the root). Every method refuses absolute paths, {@code ..}
 * escapes, backslashes, NUL and symlinks leading outside the workspace with
 * {@code OutsideWorkspace} (1004), and a missing or malformed params object with -32602.
 */
@JsonSegment("fs")
public interface FileService {

    /**
     * Metadata of one path without following a final symlink's target outside the workspace.
     * Errors: NotFound.
     */
    @JsonRequest
    CompletableFuture<FileStat> stat(PathParams params);

    /**
     * Entries of a directory, sorted by name. Errors: NotFound, NotADirectory.
     */
    @JsonRequest
    CompletableFuture<ListResult> list(PathParams params);

    /**
     * Content of a file, as UTF-8 text (the default) or base64. Files above the server's RPC
     * read limit (default 8 MiB) fail with TooLarge: read them over
     * {@code GET /api/workspaces/{id}/files/{path}}. Errors: NotFound, IsADirectory, TooLarge.
     */
    @JsonRequest
    CompletableFuture<ReadResult> read(ReadParams params);

    /**
     * Replaces or creates a file atomically (temporary file, fsync, rename): a reader sees the old
     * or the new content, never a mix, and a crash mid-write leaves the old content. With
     * {@code expectedVersion}, fails with Conflict unless the file is still at that version.
     * Errors: NotFound (missing parent, or missing file with {@code create: false}),
     * AlreadyExists (existing file with {@code overwrite: false}), Conflict, IsADirectory,
     * NotADirectory (a parent is a file), TooLarge, -32602 (content not valid base64).
     */
    @JsonRequest
    CompletableFuture<WriteResult> write(WriteParams params);

    /**
     * Creates a directory and any missing parents. Errors: AlreadyExists, NotADirectory.
     */
    @JsonRequest
    CompletableFuture<Empty> mkdir(PathParams params);

    /**
     * Deletes a file, a symlink (not its target) or a directory; a non-empty directory needs
     * {@code recursive: true}, else Conflict. The workspace root cannot be deleted
     * (PermissionDenied). Errors: NotFound, Conflict, PermissionDenied.
     */
    @JsonRequest
    CompletableFuture<Empty> delete(DeleteParams params);

    /**
     * Moves or renames a file or directory. Errors: NotFound (source or target parent),
     * AlreadyExists (target exists without {@code overwrite}), Conflict (a directory into
     * itself), PermissionDenied (the root).
     */
    @JsonRequest
    CompletableFuture<Empty> move(MoveParams params);

    /**
     * Copies a file or a directory tree. Errors as for {@link #move}.
     */
    @JsonRequest
    CompletableFuture<Empty> copy(MoveParams params);

    /**
     * Starts watching a path (a directory's direct entries, or its whole tree with
     * {@code recursive: true}) for this connection. Changes arrive as debounced
     * {@link FileClient#didChange} notifications; changes inside {@code .git} are not reported.
     * The watch ends with {@link #unwatch} or when the connection closes. Errors: NotFound.
     */
    @JsonRequest
    CompletableFuture<WatchResult> watch(WatchParams params);

    /** Ends a watch of this connection. Errors: NotFound (unknown watch id). */
    @JsonRequest
    CompletableFuture<Empty> unwatch(UnwatchParams params);
}
