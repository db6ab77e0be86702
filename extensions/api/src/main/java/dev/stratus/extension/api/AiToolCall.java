package dev.stratus.extension.api;

/**
 * One call of a tool.
 *
 * @since 1.0
 */
public interface AiToolCall {

    /**
     * The user the model works for, and the workspace.
     *
     * @return the caller
     * @since 1.0
     */
    Caller caller();

    /**
     * The workspace the conversation is about, within the extension's permissions.
     *
     * @return the workspace
     * @since 1.0
     */
    WorkspaceAccess workspace();

    /**
     * The arguments as the model sent them.
     *
     * @return JSON text of an object
     * @since 1.0
     */
    String argumentsJson();

    /**
     * The arguments bound to a type by field name.
     *
     * @param type a record or class
     * @param <T> the type
     * @return the arguments
     * @throws ExtensionException with {@link ExtensionException.Reason#INVALID_PARAMS} when they
     *     do not bind
     * @since 1.0
     */
    <T> T arguments(Class<T> type);
}
