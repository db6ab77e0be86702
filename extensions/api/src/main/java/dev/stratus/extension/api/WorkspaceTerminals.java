package dev.stratus.extension.api;

import java.util.List;

/**
 * Terminals of the workspace, the same ones the Terminal panel shows (a user can attach to one
 * an extension created). Needs {@link Permission#TERMINAL}.
 *
 * @since 1.0
 */
public interface WorkspaceTerminals {

    /**
     * Starts the user's login shell in a new terminal.
     *
     * @param cwd the start folder, workspace-relative ({@code ""} for the root)
     * @return the terminal's id
     * @since 1.0
     */
    default String create(String cwd) {
        return create(cwd, null);
    }

    /**
     * Starts a shell in a new terminal.
     *
     * @param cwd the start folder, workspace-relative ({@code ""} for the root)
     * @param shell a shell listed in the server's {@code /etc/shells}, or null for the user's
     *     login shell
     * @return the terminal's id
     * @throws ExtensionException {@code INVALID_PARAMS} for a shell that is not allowed
     * @since 1.0
     */
    String create(String cwd, String shell);

    /**
     * Types into a terminal, as if the user did.
     *
     * @param terminalId the terminal
     * @param text the keys, for example {@code "make\r"}
     * @since 1.0
     */
    void write(String terminalId, String text);

    /**
     * Ends a terminal and its processes.
     *
     * @param terminalId the terminal
     * @since 1.0
     */
    void close(String terminalId);

    /**
     * The ids of the workspace's terminals.
     *
     * @return the ids
     * @since 1.0
     */
    List<String> list();
}
