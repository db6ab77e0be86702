package dev.stratus.server.extension;

import dev.stratus.extension.api.Commands;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Handlers of extensions' commands, by command id. */
final class CommandRegistry {
    record Entry(HostedExtension owner, Commands.CommandHandler handler) {
    }

    private final Map<String, Entry> handlers = new ConcurrentHashMap<>();

    Runnable register(HostedExtension owner, String commandId, Commands.CommandHandler handler) {
        if (commandId == null || !commandId.startsWith(owner.id + ".")) {
            throw new IllegalArgumentException("Command ids start with \"" + owner.id + ".\": " + commandId);
        }
        if (handler == null) {
            throw new IllegalArgumentException("handler is required");
        }
        Entry entry = new Entry(owner, handler);
        if (handlers.putIfAbsent(commandId, entry) != null) {
            throw new IllegalArgumentException("A handler for " + commandId + " is registered already");
        }
        return () -> handlers.remove(commandId, entry);
    }

    Optional<Entry> handler(String commandId) {
        return Optional.ofNullable(handlers.get(commandId));
    }
}
