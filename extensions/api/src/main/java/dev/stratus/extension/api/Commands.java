package dev.stratus.extension.api;

/**
 * Command handlers. A command's title, category and key binding come from the manifest's
 * {@code contributes.commands}, so the browser lists them before the extension is activated;
 * invoking one activates the extension ({@code onCommand:<id>}) and calls its handler here.
 *
 * @since 1.0
 */
public interface Commands {

    /**
     * Registers the handler of a command.
     *
     * @param commandId the command's id; it starts with {@code <extension-id>.}
     * @param handler runs the command
     * @return the registration
     * @throws IllegalArgumentException if the id does not start with the extension's id and a
     *     dot, or a handler for it is registered already
     * @since 1.0
     */
    Registration register(String commandId, CommandHandler handler);

    /**
     * Runs a command.
     *
     * @since 1.0
     */
    @FunctionalInterface
    interface CommandHandler {

        /**
         * Runs the command.
         *
         * @param invocation who runs it, where, with which arguments
         * @return a JSON-serialisable result (a record, list, map, string, number, boolean or
         *     null); a non-empty string is shown to the user
         * @throws Exception an {@link ExtensionException} reaches the user with its message;
         *     anything else as an internal error
         * @since 1.0
         */
        Object run(CommandInvocation invocation) throws Exception;
    }
}
