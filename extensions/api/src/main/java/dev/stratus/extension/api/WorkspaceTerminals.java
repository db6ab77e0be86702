package dev.stratus.extension.api;

import java.time.Duration;
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

    /**
     * Runs a command without a terminal and returns what it printed: {@code /bin/sh -c command}
     * in the given folder, with the same cleaned environment as a terminal, no input, standard
     * error merged into standard output. The command and everything it started are ended when
     * the time is up. Meant for tools that need a command's result (a build, a test run); a
     * command the user should watch belongs in a terminal.
     *
     * @param command the command line
     * @param cwd the folder, workspace-relative ({@code ""} for the root)
     * @param timeout at most this long (at most 10 minutes)
     * @return the exit code and the output
     * @throws ExtensionException {@code INVALID_PARAMS} for an empty command or a timeout out of
     *     range, {@code NOT_FOUND} for a missing folder, {@code PERMISSION_DENIED} for a folder
     *     outside the workspace, {@code UNAVAILABLE} where the host cannot run commands
     * @since 1.1
     */
    default CommandResult run(String command, String cwd, Duration timeout) {
        throw new ExtensionException(ExtensionException.Reason.UNAVAILABLE, "This host cannot run commands");
    }

    /**
     * What a command run by {@link #run} did.
     *
     * @param exitCode the exit code (128 + the signal's number when a signal ended it)
     * @param output standard output and standard error as they came, decoded as UTF-8, at most
     *     {@link #MAX_OUTPUT_CHARS} characters (the end is kept when there was more)
     * @param truncated true when output was left out
     * @param timedOut true when the time was up and the command was ended
     * @since 1.1
     */
    record CommandResult(int exitCode, String output, boolean truncated, boolean timedOut) {
        /**
         * The most output a result holds.
         *
         * @since 1.1
         */
        public static final int MAX_OUTPUT_CHARS = 64 * 1024;
    }
}
