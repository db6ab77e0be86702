package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Requests waiting for the language server's answer. Every client numbers its requests itself,
 * so ids collide across clients; each request gets a relay id (a number unique for this process)
 * on the way in, and the answer is routed back by it with the client's own id restored. The
 * relay's own requests ({@code initialize}, {@code shutdown}) take ids from the same sequence.
 *
 * <p>Not thread-safe: one relay thread uses it.
 */
final class PendingRequests {
    private long next = 1;
    private final Map<Long, Entry> byRelayId = new LinkedHashMap<>();
    private final Map<RelayClient, Map<String, Long>> byClient = new HashMap<>();

    /**
     * A request in flight: from {@code client} (with its {@code clientId}), or the relay's own
     * (client null, answered to {@code internal}).
     */
    record Entry(long relayId, RelayClient client, JsonNode clientId, String method, Consumer<JsonNode> internal) {
    }

    /** Registers a client's request; returns its relay id. */
    long add(RelayClient client, JsonNode clientId, String method) {
        long id = next++;
        byRelayId.put(id, new Entry(id, client, clientId, method, null));
        byClient.computeIfAbsent(client, c -> new HashMap<>()).put(key(clientId), id);
        return id;
    }

    /** Registers the relay's own request; {@code onResponse} gets the whole response message. */
    long addInternal(String method, Consumer<JsonNode> onResponse) {
        long id = next++;
        byRelayId.put(id, new Entry(id, null, null, method, onResponse));
        return id;
    }

    /** Removes and returns the request a response with {@code relayId} answers, or null. */
    Entry complete(long relayId) {
        Entry e = byRelayId.remove(relayId);
        if (e != null && e.client() != null) {
            Map<String, Long> ids = byClient.get(e.client());
            if (ids != null) {
                ids.remove(key(e.clientId()));
                if (ids.isEmpty()) {
                    byClient.remove(e.client());
                }
            }
        }
        return e;
    }

    /** The relay id of a client's request still in flight (for {@code $/cancelRequest}), or null. */
    Long relayId(RelayClient client, JsonNode clientId) {
        Map<String, Long> ids = byClient.get(client);
        return ids == null ? null : ids.get(key(clientId));
    }

    /** Whether a client already has a request with this id in flight. */
    boolean inFlight(RelayClient client, JsonNode clientId) {
        return relayId(client, clientId) != null;
    }

    /** Removes and returns every request of one client (it disconnected). */
    List<Entry> removeClient(RelayClient client) {
        Map<String, Long> ids = byClient.remove(client);
        List<Entry> out = new ArrayList<>();
        if (ids != null) {
            for (long id : ids.values()) {
                Entry e = byRelayId.remove(id);
                if (e != null) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** Removes and returns every request (the process ended). */
    List<Entry> removeAll() {
        List<Entry> out = new ArrayList<>(byRelayId.values());
        byRelayId.clear();
        byClient.clear();
        return out;
    }

    int size() {
        return byRelayId.size();
    }

    /** JSON ids 1 and "1" are different requests. */
    private static String key(JsonNode id) {
        return id.isTextual() ? "s" + id.textValue() : "n" + id.asText();
    }

    Iterator<Entry> iterator() {
        return byRelayId.values().iterator();
    }
}
