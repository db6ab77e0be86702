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
}
