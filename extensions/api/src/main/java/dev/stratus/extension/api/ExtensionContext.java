package dev.stratus.extension.api;

import java.nio.file.Path;

/**
 * An active extension's view of the host. Everything registered through it is released when the
 * extension is deactivated.
 *
 * @since 1.0
 */
public interface ExtensionContext {

    /**
     * The extension's id from its manifest.
     *
     * @return for example {@code "todo-tree"}
     * @since 1.0
     */
    String extensionId();

    /**
     * The extension's version from its manifest.
     *
     * @return for example {@code "1.2.0"}
     * @since 1.0
     */
    String extensionVersion();

    /**
     * A folder only this extension writes to, kept across restarts and removed with the
     * extension.
     *
     * @return an existing folder
     * @since 1.0
     */
    Path dataDir();

    /**
     * The section of the server's configuration file ({@code stratus.yaml}) that the manifest
     * names in {@code contributes.configuration}, as JSON text, read when the extension is
     * activated. When an edit of the running server's file changes the section's content, the
     * host offers it to {@link Extension#reconfigure}; unless the extension takes it there, the
     * host deactivates the extension and activates it again. Either way this then returns the new
     * section.
     * Values that are secrets belong in environment variables or files the section names, not in
     * the file itself.
     *
     * @return the section; empty when the manifest names none or the file has none (and in
     *     implementations that do not override this, such as test fakes)
     * @throws IllegalStateException when the file cannot be read or is not YAML; the message says
     *     where, without quoting the file
     * @since 1.0
     */
    default java.util.Optional<String> configuration() {
        return java.util.Optional.empty();
    }

    /**
     * A logger whose records carry the extension's id. Never log secrets or file contents.
     *
     * @return the logger
     * @since 1.0
     */
    System.Logger logger();

    /**
     * Command handlers.
     *
     * @return the command registry
     * @since 1.0
     */
    Commands commands();

    /**
     * RPC services on the workspace socket under {@code ext/<extension-id>/}.
     *
     * @return the RPC registry
     * @since 1.0
     */
    RpcServices rpc();

    /**
     * Tools the AI assistant's models may call.
     *
     * @return the tool registry
     * @since 1.0
     */
    AiTools aiTools();

    /**
     * Language servers added to the server's registry.
     *
     * @return the language-server registry
     * @since 1.0
     */
    LanguageServers languageServers();

    /**
     * HTTP routes under {@code /api/ext/<extension-id>/}.
     *
     * @return the route registry
     * @since 1.0
     */
    HttpRoutes http();

    /**
     * The settings the manifest declares, per user and per workspace.
     *
     * @return the settings
     * @since 1.0
     */
    Settings settings();

    /**
     * Files, search, git and terminals of a caller's workspaces, within the manifest's
     * permissions.
     *
     * @return the workspaces
     * @since 1.0
     */
    Workspaces workspaces();

    /**
     * Releases {@code resource} when the extension is deactivated (if not closed before).
     *
     * @param resource anything to close on deactivation
     * @return a registration that closes {@code resource} now
     * @since 1.0
     */
    Registration onDeactivate(AutoCloseable resource);

    /**
     * Adds the extension's meters to the server's {@code GET /metrics} (Prometheus) until the
     * registration is closed or the extension is deactivated.
     *
     * @param source the meters
     * @return closes the contribution
     * @since 1.1
     */
    default Registration metrics(MetricsSource source) {
        throw new ExtensionException(ExtensionException.Reason.UNAVAILABLE, "This host has no metrics endpoint");
    }
}
