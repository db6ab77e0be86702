package dev.stratus.server.search;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.server.support.RpcClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** Small helpers for calling the search service over a real RPC socket in tests. */
final class SearchRpc {
    private SearchRpc() {
    }

    /** Waits until {@code search/status} says ready, and returns that status. */
    static JsonNode awaitReady(RpcClient rpc) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JsonNode status = rpc.result("search/status", Map.of());
            if (status.get("state").asText().equals("ready")) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("index never became ready: " + status);
            }
            Thread.sleep(25);
        }
    }

    /** Params of a text search: the query, then option name/value pairs. */
    static Map<String, Object> query(String query, Object... options) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("query", query);
        for (int i = 0; i < options.length; i += 2) {
            p.put((String) options[i], options[i + 1]);
        }
        return p;
    }

    /** The {@code path:line} pairs a text search finds. */
    static TreeSet<String> lines(JsonNode result) {
        TreeSet<String> out = new TreeSet<>();
        result.get("matches").forEach(m -> out.add(m.get("path").asText() + ":" + m.get("line").asInt()));
        return out;
    }

    static List<String> paths(JsonNode filesResult) {
        List<String> out = new ArrayList<>();
        filesResult.get("paths").forEach(p -> out.add(p.asText()));
        return out;
    }
}
