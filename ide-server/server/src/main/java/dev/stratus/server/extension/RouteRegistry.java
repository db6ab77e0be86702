package dev.stratus.server.extension;

import dev.stratus.extension.api.HttpRoutes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/** Extensions' HTTP routes under {@code /api/ext/<extension-id>/}. */
final class RouteRegistry {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+|\\{[A-Za-z][A-Za-z0-9_]*\\}");

    record Route(HostedExtension owner, String method, List<String> segments, HttpRoutes.Handler handler) {
        /** The path parameters when {@code path} matches, else null. */
        Map<String, String> match(List<String> path) {
            if (path.size() != segments.size()) {
                return null;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                String s = segments.get(i);
                if (s.startsWith("{")) {
                    params.put(s.substring(1, s.length() - 1), path.get(i));
                } else if (!s.equals(path.get(i))) {
                    return null;
                }
            }
            return params;
        }
    }

    record Match(Route route, Map<String, String> parameters) {
    }

    private final Map<String, List<Route>> byExtension = new ConcurrentHashMap<>();

    Runnable register(HostedExtension owner, String method, String path, HttpRoutes.Handler handler) {
        if (method == null || !METHODS.contains(method) || handler == null || path == null) {
            throw new IllegalArgumentException("A route needs one of " + METHODS + ", a path and a handler");
        }
        List<String> segments = List.of(path.replaceAll("^/+|/+$", "").split("/"));
        for (String s : segments) {
            if (!SEGMENT.matcher(s).matches()) {
                throw new IllegalArgumentException("Malformed route path: " + path);
            }
        }
        List<Route> routes = byExtension.computeIfAbsent(owner.id, k -> new CopyOnWriteArrayList<>());
        synchronized (routes) {
            for (Route r : routes) {
                if (r.method.equals(method) && r.segments.equals(segments)) {
                    throw new IllegalArgumentException("Route " + method + " " + path + " exists");
                }
            }
            Route route = new Route(owner, method, segments, handler);
            routes.add(route);
            return () -> routes.remove(route);
        }
    }

    /** The route of an extension matching a request, literal segments first. */
    Optional<Match> find(String extensionId, String method, List<String> path) {
        Match best = null;
        for (Route r : byExtension.getOrDefault(extensionId, List.of())) {
            if (!r.method.equals(method)) {
                continue;
            }
            Map<String, String> params = r.match(path);
            if (params != null && (best == null || params.size() < best.parameters.size())) {
                best = new Match(r, params);
            }
        }
        return Optional.ofNullable(best);
    }

    /** The methods the extension's routes take for this path, sorted; empty when none has it (a 404, not a 405). */
    java.util.SortedSet<String> methods(String extensionId, List<String> path) {
        java.util.SortedSet<String> methods = new java.util.TreeSet<>();
        for (Route r : byExtension.getOrDefault(extensionId, List.of())) {
            if (r.match(path) != null) {
                methods.add(r.method);
            }
        }
        return methods;
    }
}
