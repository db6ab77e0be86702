package dev.stratus.extension.api;

import java.util.Map;
import java.util.Optional;

/**
 * An authenticated HTTP request to one of the extension's routes.
 *
 * @since 1.0
 */
public interface HttpRequest {

    /**
     * The user who sent it.
     *
     * @return the caller (without a workspace)
     * @since 1.0
     */
    Caller caller();

    /**
     * The method.
     *
     * @return for example {@code "GET"}
     * @since 1.0
     */
    String method();

    /**
     * The path below the extension's prefix.
     *
     * @return for example {@code "items/42"}
     * @since 1.0
     */
    String path();

    /**
     * The values of the route's {@code {name}} segments.
     *
     * @return name to value
     * @since 1.0
     */
    Map<String, String> pathParameters();

    /**
     * A query parameter's first value.
     *
     * @param name the parameter
     * @return its value, if present
     * @since 1.0
     */
    Optional<String> query(String name);

    /**
     * A header's first value.
     *
     * @param name the header, case-insensitive
     * @return its value, if present
     * @since 1.0
     */
    Optional<String> header(String name);

    /**
     * The body, read whole (at most 1 MiB; a bigger body is answered 413 before the handler
     * runs).
     *
     * @return the bytes, empty when there is none
     * @since 1.0
     */
    byte[] body();

    /**
     * One of the caller's workspaces, within the extension's permissions.
     *
     * @param workspaceId the workspace
     * @return the workspace
     * @throws ExtensionException with {@link ExtensionException.Reason#NOT_FOUND} when the
     *     caller has no such workspace
     * @since 1.0
     */
    WorkspaceAccess workspace(String workspaceId);
}
