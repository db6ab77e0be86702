package dev.stratus.extension.api;

/**
 * One workspace through the same services the browser uses. Each service checks the
 * extension's permissions on every call ({@link ExtensionException.Reason#PERMISSION_DENIED}).
 * Paths are workspace-relative POSIX paths; the workspace's path rules apply (nothing outside it,
 * symlinks included).
 *
 * @since 1.0
 */
public interface WorkspaceAccess {

    /**
     * The workspace's id.
     *
     * @return the id
     * @since 1.0
     */
    String id();

    /**
     * Files and folders.
     *
     * @return the file service
     * @since 1.0
     */
    WorkspaceFiles files();

    /**
     * Text search.
     *
     * @return the search service
     * @since 1.0
     */
    WorkspaceSearch search();

    /**
     * The workspace's git repository.
     *
     * @return the git service
     * @since 1.0
     */
    WorkspaceGit git();

    /**
     * Terminals.
     *
     * @return the terminal service
     * @since 1.0
     */
    WorkspaceTerminals terminals();

    /**
     * The problems the workspace's language servers report.
     *
     * @return the diagnostics service
     * @since 1.1
     */
    default WorkspaceDiagnostics diagnostics() {
        throw new ExtensionException(ExtensionException.Reason.UNAVAILABLE, "This host has no diagnostics");
    }
}
