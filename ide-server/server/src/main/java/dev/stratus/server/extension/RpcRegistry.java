package dev.stratus.server.extension;

import dev.stratus.extension.api.RpcServices;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Extensions' RPC services ({@code ext/<extension-id>/<method>}) and the workspace connections
 * they answer on. A service object is created per connection on its first call and closed with
 * the connection, or when its extension is deactivated.
 */
final class RpcRegistry {
    /** One registered service interface of one extension. */
    static final class Service {
        final HostedExtension owner;
        final Class<?> type;
        final RpcServices.RpcServiceFactory<?> factory;
        final Map<String, Method> methods;

        Service(HostedExtension owner, Class<?> type, RpcServices.RpcServiceFactory<?> factory, Map<String, Method> methods) {
            this.owner = owner;
            this.type = type;
            this.factory = factory;
            this.methods = methods;
        }
    }

    private final Map<String, List<Service>> byExtension = new ConcurrentHashMap<>();
    /** The wire prefix of an extension's notifications: {@code ext/<id>/}, or its alias's {@code ai/}. */
    private final java.util.function.Function<String, String> notificationPrefix;

    RpcRegistry(java.util.function.Function<String, String> notificationPrefix) {
        this.notificationPrefix = notificationPrefix;
    }
    private final Set<ExtensionConnection> connections = ConcurrentHashMap.newKeySet();

    <T> Runnable register(HostedExtension owner, Class<T> type, RpcServices.RpcServiceFactory<T> factory) {
        if (type == null || !type.isInterface() || !Modifier.isPublic(type.getModifiers()) || factory == null) {
            throw new IllegalArgumentException("An RPC service is a public interface with a factory: " + type);
        }
        Map<String, Method> methods = new HashMap<>();
        for (Method m : type.getMethods()) {
            if (m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            if (m.getParameterCount() > 1) {
                throw new IllegalArgumentException(type.getName() + "." + m.getName() + " takes more than one parameter");
            }
            if (methods.put(m.getName(), m) != null) {
                throw new IllegalArgumentException(type.getName() + " overloads " + m.getName() + "; RPC method names are unique");
            }
        }
        List<Service> services = byExtension.computeIfAbsent(owner.id, k -> new CopyOnWriteArrayList<>());
        synchronized (services) {
            for (Service s : services) {
                for (String name : methods.keySet()) {
                    if (s.methods.containsKey(name)) {
                        throw new IllegalArgumentException("ext/" + owner.id + "/" + name + " is registered already");
                    }
                }
            }
            Service service = new Service(owner, type, factory, Map.copyOf(methods));
            services.add(service);
            return () -> {
                services.remove(service);
                connections.forEach(c -> c.dropInstance(service));
            };
        }
    }

    /** The service answering {@code ext/<extensionId>/<method>}. */
    Optional<Service> find(String extensionId, String method) {
        return byExtension.getOrDefault(extensionId, List.of()).stream()
                .filter(s -> s.methods.containsKey(method)).findFirst();
    }

    void add(ExtensionConnection connection) {
        connections.add(connection);
    }

    /** Whether any workspace connection is open. */
    boolean hasConnections() {
        return !connections.isEmpty();
    }

    void remove(ExtensionConnection connection) {
        connections.remove(connection);
    }

    /** Every open connection, for notifications that concern all of them (extension changes). */
    void forEachConnection(Consumer<ExtensionConnection> action) {
        connections.forEach(action);
    }

    /** A proxy sending each call as {@code ext/<extensionId>/<method>} to every connection of a workspace. */
    <N> N broadcast(String extensionId, String workspaceId, Class<N> type) {
        return proxyWithPrefix(notificationPrefix.apply(extensionId), type, (method, params) -> connections.stream()
                .filter(c -> c.workspaceId().equals(workspaceId))
                .forEach(c -> c.notify(method, params)));
    }

    /** A proxy for one connection's notifications. */
    <N> N proxy(String extensionId, Class<N> type, java.util.function.BiConsumer<String, Object> send) {
        return proxyWithPrefix(notificationPrefix.apply(extensionId), type, send);
    }

    /** A notification proxy: each call sends {@code <prefix><method>} with its argument. */
    private static <N> N proxyWithPrefix(String prefix, Class<N> type, java.util.function.BiConsumer<String, Object> send) {
        if (type == null || !type.isInterface()) {
            throw new IllegalArgumentException("A notification interface is required: " + type);
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, m, args) -> {
            switch (m.getName()) {
                case "toString" -> {
                    if (m.getParameterCount() == 0) {
                        return "notifications " + type.getName() + " as " + prefix;
                    }
                }
                case "hashCode" -> {
                    if (m.getParameterCount() == 0) {
                        return System.identityHashCode(self);
                    }
                }
                case "equals" -> {
                    if (m.getParameterCount() == 1 && m.getParameterTypes()[0] == Object.class) {
                        return self == args[0];
                    }
                }
                default -> {
                }
            }
            if (m.getParameterCount() > 1) {
                throw new IllegalArgumentException("A notification takes one parameter: " + m.getName());
            }
            send.accept(prefix + m.getName(), JsonBridge.toGson(args == null ? null : args[0]));
            return null;
        });
        return type.cast(proxy);
    }
}
