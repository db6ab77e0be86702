package dev.stratus.protocol.extension;

import com.google.gson.JsonElement;

/**
 * An AI tool an extension registered.
 *
 * @param name the name models call it by
 * @param description for the model
 * @param parameters JSON Schema of its arguments
 * @param requiresApproval true when the user approves each call
 * @param extensionId the extension
 */
public record ToolInfo(String name, String description, JsonElement parameters, boolean requiresApproval,
                       String extensionId) {
}
