package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {
    private static final JsonNode ONE = JsonRpc.NODES.numberNode(1);
    private static final JsonNode ONE_STRING = JsonRpc.NODES.textNode("1");

    @Test
    void clientsWithTheSameIdsGetDistinctRelayIdsAndTheirOwnIdsBack() {
        PendingRequests pending = new PendingRequests();
        RelayClient a = new RecordingClient("a");
        RelayClient b = new RecordingClient("b");
        long ra = pending.add(a, ONE, "textDocument/hover");
        long rb = pending.add(b, ONE, "textDocument/hover");
        long rs = pending.add(a, ONE_STRING, "textDocument/completion");
        assertThat(List.of(ra, rb, rs)).doesNotHaveDuplicates();
        assertThat(pending.relayId(a, ONE)).isEqualTo(ra);
        assertThat(pending.relayId(a, ONE_STRING)).isEqualTo(rs);
        assertThat(pending.relayId(b, ONE)).isEqualTo(rb);

        PendingRequests.Entry e = pending.complete(rb);
        assertThat(e.client()).isSameAs(b);
        assertThat(e.clientId()).isEqualTo(ONE);
        assertThat(pending.complete(rb)).isNull();
        assertThat(pending.relayId(b, ONE)).isNull();
        assertThat(pending.inFlight(a, ONE)).isTrue();
    }

    @Test
    void theRelaysOwnRequestsShareTheSequenceAndAreAnsweredToTheRelay() {
        PendingRequests pending = new PendingRequests();
        List<JsonNode> answers = new ArrayList<>();
        long init = pending.addInternal("initialize", answers::add);
        long req = pending.add(new RecordingClient("a"), ONE, "x");
        assertThat(init).isNotEqualTo(req);
        PendingRequests.Entry e = pending.complete(init);
        assertThat(e.client()).isNull();
        e.internal().accept(ONE);
        assertThat(answers).containsExactly(ONE);
    }

    @Test
    void aClientsRequestsGoWithItAndEverythingGoesWithTheProcess() {
        PendingRequests pending = new PendingRequests();
        RelayClient a = new RecordingClient("a");
        RelayClient b = new RecordingClient("b");
        pending.add(a, ONE, "x");
        pending.add(a, ONE_STRING, "y");
        long rb = pending.add(b, ONE, "z");
        assertThat(pending.removeClient(a)).extracting(PendingRequests.Entry::method).containsExactlyInAnyOrder("x", "y");
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.removeAll()).extracting(PendingRequests.Entry::relayId).containsExactly(rb);
        assertThat(pending.size()).isZero();
        assertThat(pending.relayId(b, ONE)).isNull();
    }
}
