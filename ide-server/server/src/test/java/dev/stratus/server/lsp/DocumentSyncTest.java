package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentSyncTest {
    private static final String URI = "file:///real/a.ts";
    private final DocumentSync sync = new DocumentSync();
    private final RelayClient a = new RecordingClient("a");
    private final RelayClient b = new RecordingClient("b");

    private static ArrayNode incremental(int line, int from, int to, String text) {
        ArrayNode changes = JsonRpc.NODES.arrayNode();
        ObjectNode c = changes.addObject();
        c.putObject("range").<ObjectNode>set("start", JsonRpc.NODES.objectNode().put("line", line).put("character", from))
                .set("end", JsonRpc.NODES.objectNode().put("line", line).put("character", to));
        c.put("text", text);
        return changes;
    }

    private static JsonNode only(List<ObjectNode> out) {
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void theFirstOpenIsForwardedAndLaterOnesWithTheSameTextAreCounted() {
        JsonNode open = only(sync.open(a, URI, "typescript", 7, "let x = 1;\n"));
        assertThat(open.get("method").asText()).isEqualTo("textDocument/didOpen");
        assertThat(open.at("/params/textDocument/version").asInt()).isEqualTo(1);
        assertThat(open.at("/params/textDocument/text").asText()).isEqualTo("let x = 1;\n");
        assertThat(open.at("/params/textDocument/languageId").asText()).isEqualTo("typescript");
        assertThat(sync.open(b, URI, "typescript", 1, "let x = 1;\n")).isEmpty();
        assertThat(sync.openCount(URI)).isEqualTo(2);
    }

    @Test
    void aLaterOpenWithOtherTextBecomesAFullChange() {
        sync.open(a, URI, "typescript", 1, "one\n");
        JsonNode change = only(sync.open(b, URI, "typescript", 1, "two\n"));
        assertThat(change.get("method").asText()).isEqualTo("textDocument/didChange");
        assertThat(change.at("/params/textDocument/version").asInt()).isEqualTo(2);
        assertThat(change.at("/params/contentChanges/0/text").asText()).isEqualTo("two\n");
        assertThat(change.at("/params/contentChanges/0/range").isMissingNode()).isTrue();
        assertThat(sync.serverText(URI)).isEqualTo("two\n");
    }

    @Test
    void changesAreRenumberedAndTheirTextKept() {
        sync.open(a, URI, "typescript", 40, "let x = 1;\n");
        JsonNode c1 = only(sync.change(a, URI, 41, incremental(0, 4, 5, "yy")));
        assertThat(c1.at("/params/textDocument/version").asInt()).isEqualTo(2);
        assertThat(c1.at("/params/contentChanges/0/text").asText()).isEqualTo("yy");
        assertThat(c1.at("/params/contentChanges/0/range/start/character").asInt()).isEqualTo(4);
        JsonNode c2 = only(sync.change(a, URI, 45, incremental(0, 10, 10, "0")));
        assertThat(c2.at("/params/textDocument/version").asInt()).isEqualTo(3);
        assertThat(sync.serverText(URI)).isEqualTo("let yy = 10;\n");
        assertThat(sync.clientVersion(a, URI, 3)).isEqualTo(45);
        assertThat(sync.clientVersion(a, URI, 2)).isNull();
        assertThat(sync.clientVersion(b, URI, 3)).isNull();
    }

    @Test
    void aChangeFromAClientWhoseTextTheServerDoesNotHaveGoesOutInFull() {
        sync.open(a, URI, "typescript", 1, "aaa\n");
        sync.open(b, URI, "typescript", 1, "aaa\n");
        sync.change(a, URI, 2, incremental(0, 0, 0, "A"));
        JsonNode fromB = only(sync.change(b, URI, 2, incremental(0, 3, 3, "B")));
        assertThat(fromB.at("/params/contentChanges/0/range").isMissingNode()).isTrue();
        assertThat(fromB.at("/params/contentChanges/0/text").asText()).isEqualTo("aaaB\n");
        JsonNode nextFromB = only(sync.change(b, URI, 3, incremental(0, 0, 0, "b")));
        assertThat(nextFromB.at("/params/contentChanges/0/range").isMissingNode()).isFalse();
        assertThat(sync.serverText(URI)).isEqualTo("baaaB\n");
    }

    @Test
    void theServerHearsOfACloseWhenTheLastClientClosesOrGoes() {
        sync.open(a, URI, "typescript", 1, "x");
        sync.open(b, URI, "typescript", 1, "x");
        sync.open(b, "file:///real/b.ts", "typescript", 1, "y");
        assertThat(sync.close(a, URI)).isEmpty();
        assertThat(sync.close(a, URI)).isEmpty();
        List<ObjectNode> gone = sync.clientGone(b);
        assertThat(gone).extracting(m -> m.at("/params/textDocument/uri").asText()).containsExactly(URI, "file:///real/b.ts");
        assertThat(gone).allMatch(m -> m.get("method").asText().equals("textDocument/didClose"));
        assertThat(sync.openUris()).isEmpty();
    }

    @Test
    void aRestartedServerGetsEveryOpenDocumentWithItsCurrentText() {
        sync.open(a, URI, "typescript", 1, "x");
        sync.change(a, URI, 2, incremental(0, 1, 1, "y"));
        sync.open(a, "file:///real/c.c", "c", 1, "int main;");
        List<ObjectNode> reopened = sync.reopenAll();
        assertThat(reopened).extracting(m -> m.get("method").asText()).containsOnly("textDocument/didOpen");
        assertThat(reopened.get(0).at("/params/textDocument/text").asText()).isEqualTo("xy");
        assertThat(reopened.get(0).at("/params/textDocument/version").asInt()).isEqualTo(3);
        assertThat(reopened.get(1).at("/params/textDocument/languageId").asText()).isEqualTo("c");
        assertThat(sync.clientVersion(a, URI, 3)).isEqualTo(2);
    }

    @Test
    void aChangeToADocumentTheClientHasNotOpenedIsIgnoredAndAMalformedOneRefused() {
        sync.open(a, URI, "typescript", 1, "x");
        assertThat(sync.change(b, URI, 1, incremental(0, 0, 0, "z"))).isEmpty();
        ArrayNode noText = JsonRpc.NODES.arrayNode();
        noText.addObject().put("rangeLength", 1);
        assertThatThrownBy(() -> sync.change(a, URI, 2, noText)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sync.serverText(URI)).isEqualTo("x");
    }
}
