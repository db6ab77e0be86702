package dev.stratus.extension.api;

/**
 * Tools the AI assistant's models may call.
 *
 * @since 1.0
 */
public interface AiTools {

    /**
     * Adds a tool to the tool registry.
     *
     * @param tool the tool
     * @return the registration
     * @throws IllegalArgumentException if a tool of that name is registered already, or the
     *     parameters are not a JSON Schema object
     * @since 1.0
     */
    Registration register(AiTool tool);

    /**
     * Every tool registered on the server, by any extension: what an assistant offers its models.
     *
     * @return the tools, by name
     * @since 1.0
     */
    default java.util.List<Descriptor> list() {
        return java.util.List.of();
    }

    /**
     * Calls a tool as the host does: its extension activated if needed, within its own
     * permissions and the call time limit, for a user in one of their workspaces.
     *
     * @param caller the user the model works for; its workspace is the one the tool acts in
     * @param name the tool
     * @param argumentsJson the arguments, a JSON object
     * @return the tool's result for the model
     * @throws ExtensionException {@code NOT_FOUND} for an unknown tool or workspace, the
     *     tool's own errors with their reasons, {@code UNAVAILABLE} past the time limit
     * @since 1.0
     */
    default String call(Caller caller, String name, String argumentsJson) {
        throw new ExtensionException(ExtensionException.Reason.UNAVAILABLE, "No tool registry here");
    }

    /**
     * A registered tool as seen by an assistant.
     *
     * @param name the name models call it by
     * @param description for the model
     * @param parametersSchema JSON Schema of its arguments, as JSON text
     * @param requiresApproval true when the user approves each call first
     * @param extensionId the extension that registered it
     * @since 1.0
     */
    record Descriptor(String name, String description, String parametersSchema, boolean requiresApproval,
                      String extensionId) {
    }
}
