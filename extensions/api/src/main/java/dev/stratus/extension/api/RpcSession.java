package dev.stratus.extension.api;

/**
 * One workspace connection of one user.
 *
 * @since 1.0
 */
public interface RpcSession {

    /**
     * The user, and the connection's workspace.
     *
     * @return the caller; its workspace is always present
     * @since 1.0
     */
    Caller caller();

    /**
     * The connection's workspace, within the extension's permissions.
     *
     * @return the workspace
     * @since 1.0
     */
    WorkspaceAccess workspace();

    /**
     * A proxy that sends each call as a notification on this connection.
     *
     * @param notificationInterface the notifications' interface
     * @param <N> the interface type
     * @return the proxy
     * @since 1.0
     */
    <N> N notifications(Class<N> notificationInterface);
}
