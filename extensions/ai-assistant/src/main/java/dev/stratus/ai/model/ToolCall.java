package dev.stratus.ai.model;

/**
 * A tool call a model made.
 *
 * @param id the provider's call id
 * @param name the tool
 * @param argumentsJson the arguments as JSON text (an object)
 */
public record ToolCall(String id, String name, String argumentsJson) {
}
