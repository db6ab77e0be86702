package dev.stratus.ai.model;

/**
 * A tool offered to a model.
 *
 * @param name the name it calls
 * @param description what it does, for the model
 * @param parametersSchema JSON Schema of its arguments object, as JSON text
 */
public record ToolSpec(String name, String description, String parametersSchema) {
}
