package dev.stratus.extension.api;

/**
 * A tool a model may call.
 *
 * @param name the name models call it by: letters, digits, {@code _} and {@code -}, at most 64
 *     characters, unique on the server
 * @param description what it does and when to use it, for the model
 * @param parametersSchema the JSON Schema (as JSON text) of its arguments object
 * @param requiresApproval true when each call must be approved by the user first (anything
 *     that changes files, runs programs or reaches the network)
 * @param handler runs a call
 * @since 1.0
 */
public record AiTool(String name, String description, String parametersSchema, boolean requiresApproval,
                     Handler handler) {

    /**
     * Checks the components.
     *
     * @since 1.0
     */
    public AiTool {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("A tool name is 1-64 letters, digits, '_' or '-': " + name);
        }
        if (description == null || description.isBlank() || parametersSchema == null || handler == null) {
            throw new IllegalArgumentException("description, parametersSchema and handler are required");
        }
    }

    /**
     * Runs a tool call.
     *
     * @since 1.0
     */
    @FunctionalInterface
    public interface Handler {

        /**
         * Runs the call.
         *
         * @param call who calls, where, with which arguments
         * @return the result for the model (plain text or JSON text)
         * @throws Exception an {@link ExtensionException}'s message is given to the model
         * @since 1.0
         */
        String call(AiToolCall call) throws Exception;
    }
}
