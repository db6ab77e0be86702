package dev.stratus.server.extension;

import dev.stratus.extension.api.AiTool;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AI tools extensions registered, by name: what the assistant offers models. Names are unique
 * across the server; a tool disappears when its extension is deactivated.
 */
public final class ToolRegistry {
    /** A registered tool and the extension that owns it. */
    public record RegisteredTool(String extensionId, AiTool tool) {
    }

    private final Map<String, RegisteredTool> tools = new ConcurrentHashMap<>();

    Runnable register(String extensionId, AiTool tool) {
        if (tool == null) {
            throw new IllegalArgumentException("tool is required");
        }
        var schema = parseSchema(tool.parametersSchema());
        if (!"object".equals(schema.path("type").asText())) {
            throw new IllegalArgumentException("A tool's parameters schema is a JSON Schema with \"type\": \"object\"");
        }
        RegisteredTool entry = new RegisteredTool(extensionId, tool);
        if (tools.putIfAbsent(tool.name(), entry) != null) {
            throw new IllegalArgumentException("A tool named " + tool.name() + " is registered already");
        }
        return () -> tools.remove(tool.name(), entry);
    }

    /** Every tool, by name. */
    public List<RegisteredTool> list() {
        return tools.values().stream().sorted(Comparator.comparing(t -> t.tool().name())).toList();
    }

    /** One tool by name. */
    public Optional<RegisteredTool> get(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    private static com.fasterxml.jackson.databind.JsonNode parseSchema(String schema) {
        try {
            return JsonBridge.MAPPER.readTree(schema);
        } catch (Exception e) {
            throw new IllegalArgumentException("A tool's parameters schema must be JSON: " + e.getMessage());
        }
    }
}
