package dev.stratus.server.extension;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.stratus.extension.api.Settings;
import dev.stratus.protocol.ProtocolError;
import dev.stratus.protocol.ProtocolException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings extensions declare, and their values per user and per workspace. A value is
 * checked against its setting's JSON Schema before it is stored; the effective value is the
 * workspace's, else the user's, else the manifest's default.
 */
final class SettingsRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsRegistry.class);
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    /** A declared setting. */
    record Declared(String key, String extensionId, ObjectNode schema, JsonSchema validator) {
    }

    /** One setting with a caller's values (null when not set at that scope). */
    record Resolved(Declared setting, JsonNode userValue, JsonNode workspaceValue) {
        JsonNode effective() {
            return workspaceValue != null ? workspaceValue : userValue != null ? userValue : setting.schema.get("default");
        }
    }

    private final SettingsStore store;
    private final Map<String, Declared> declared = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    private record Listener(String extensionId, Consumer<Settings.Change> consumer) {
    }

    SettingsRegistry(SettingsStore store) {
        this.store = store;
    }

    void declare(ExtensionManifest m) {
        m.settings().forEach((key, schema) -> declared.put(key, new Declared(key, m.id(), schema, SCHEMAS.getSchema(schema))));
    }

    void undeclare(ExtensionManifest m) {
        m.settings().keySet().forEach(declared::remove);
    }

    /** Every declared setting with the values of a user and (if not null) a workspace, by key. */
    List<Resolved> list(String userId, String workspaceId) {
        Map<String, String> user = store.values(SettingsStore.Scope.USER, userId);
        Map<String, String> ws = workspaceId == null ? Map.of() : store.values(SettingsStore.Scope.WORKSPACE, workspaceId);
        return declared.values().stream().sorted(Comparator.comparing(Declared::key))
                .map(d -> new Resolved(d, valid(d, user.get(d.key)), valid(d, ws.get(d.key)))).toList();
    }

    /** The effective value of a setting, bound to {@code type}. */
    <T> T value(String userId, String workspaceId, String key, Class<T> type) {
        Declared d = declared.get(key);
        if (d == null) {
            throw new IllegalArgumentException("No setting " + key + " is declared");
        }
        JsonNode user = valid(d, store.values(SettingsStore.Scope.USER, userId).get(key));
        JsonNode ws = workspaceId == null ? null : valid(d, store.values(SettingsStore.Scope.WORKSPACE, workspaceId).get(key));
        JsonNode value = new Resolved(d, user, ws).effective();
        try {
            return JsonBridge.MAPPER.treeToValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Setting " + key + " does not bind to " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /**
     * Sets or removes ({@code value} null) a value at one scope; NotFound for an undeclared key,
     * InvalidParams for a value its schema rejects.
     */
    Settings.Change update(String key, SettingsStore.Scope scope, String ownerId, JsonNode value) {
        Declared d = declared.get(key);
        if (d == null) {
            throw new ProtocolException(ProtocolError.NOT_FOUND, "No setting " + key);
        }
        if (value != null && !value.isNull()) {
            Set<ValidationMessage> errors = d.validator.validate(value);
            if (!errors.isEmpty()) {
                throw new ProtocolException(ProtocolError.INVALID_PARAMS, "Invalid value for " + key + ": "
                        + errors.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
            }
            store.put(scope, ownerId, key, value.toString());
        } else {
            store.put(scope, ownerId, key, null);
        }
        Settings.Change change = new Settings.Change(Set.of(key), scope == SettingsStore.Scope.USER ? ownerId : null,
                scope == SettingsStore.Scope.WORKSPACE ? ownerId : null);
        for (Listener l : listeners) {
            if (l.extensionId == null || l.extensionId.equals(d.extensionId)) {
                try {
                    l.consumer.accept(change);
                } catch (RuntimeException e) {
                    LOG.warn("A settings listener of {} failed", l.extensionId == null ? "the host" : l.extensionId, e);
                }
            }
        }
        return change;
    }

    /** Listens for changes of one extension's settings ({@code extensionId} null: all). */
    Runnable listen(String extensionId, Consumer<Settings.Change> consumer) {
        Listener l = new Listener(extensionId, consumer);
        listeners.add(l);
        return () -> listeners.remove(l);
    }

    /** A stored value, or null when there is none or it no longer fits the schema (the extension changed). */
    private static JsonNode valid(Declared d, String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = JsonBridge.MAPPER.readTree(json);
            return d.validator.validate(node).isEmpty() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
