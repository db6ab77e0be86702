package dev.stratus.extension.api;

/**
 * The workspaces an extension may reach: only those of the user it works for.
 *
 * @since 1.0
 */
public interface Workspaces {

    /**
     * One of the caller's workspaces.
     *
     * @param caller the user
     * @param workspaceId the workspace
     * @return the workspace, within the extension's permissions
     * @throws ExtensionException with {@link ExtensionException.Reason#NOT_FOUND} when the user
     *     has no such workspace
     * @since 1.0
     */
    WorkspaceAccess open(Caller caller, String workspaceId);
}
