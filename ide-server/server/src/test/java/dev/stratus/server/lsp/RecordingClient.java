package dev.stratus.server.lsp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A {@link RelayClient} that records what the relay sends it. */
final class RecordingClient implements RelayClient {
    final String name;
    final List<JsonNode> received = new ArrayList<>();
    Integer closedWith;

    RecordingClient(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(String json) {
        try {
            received.add(JsonRpc.parse(json));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close(int code, String reason) {
        closedWith = code;
    }

    /** Removes and returns what was received so far. */
    List<JsonNode> take() {
        List<JsonNode> out = List.copyOf(received);
        received.clear();
        return out;
    }

    JsonNode last() {
        return received.get(received.size() - 1);
    }
}
