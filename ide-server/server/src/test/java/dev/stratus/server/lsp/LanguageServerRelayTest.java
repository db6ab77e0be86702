package dev.stratus.server.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stratus.protocol.ErrorCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's routing against a scripted server side: what reaches the server, what each client
 * gets back. The real language servers are in the {@code LanguageServerRelayContract} tests.
 */
class LanguageServerRelayTest {
    @TempDir
    Path root;
    String real;
    final List<JsonNode> toServer = new ArrayList<>();
    boolean ready;
    LanguageServerRelay relay;
    final RecordingClient a = new RecordingClient("a");
    final RecordingClient b = new RecordingClient("b");

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(root.resolve("a.ts"), "");
        UriMapper uris = new UriMapper(root);
        real = uris.serverRootUri();
        relay = new LanguageServerRelay("test", Set.of("typescript"), "ws", uris, new LanguageServerRelay.Link() {
            @Override
            public boolean ready() {
                return ready;
            }

            @Override
            public void send(JsonNode message) {
                toServer.add(message.deepCopy());
            }

            @Override
            public JsonNode initializeResult() {
                return parse("{\"capabilities\":{\"hoverProvider\":true},\"serverInfo\":{\"name\":\"fake\"}}");
            }

            @Override
            public String unavailableReason() {
                return "restarting";
            }

            @Override
            public boolean gaveUp() {
                return false;
            }
        });
    }

    private static JsonNode parse(String json) {
        try {
            return JsonRpc.parse(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void server(String json) {
        relay.fromServer(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The server is ready and both clients have their initialize answered (and taken). */
    private void bothClientsInitialized() {
        ready = true;
        initialize(a);
        initialize(b);
        a.take();
        b.take();
    }

    private static String hover(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":"
                + "{\"uri\":\"file:///workspace/a.ts\"},\"position\":{\"line\":0,\"character\":0}}}";
    }

    private void initialize(RecordingClient c) {
        relay.attached(c);
        relay.fromClient(c, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"rootUri\":null,\"capabilities\":{}}}");
    }

    @Test
    void eachClientsInitializeWaitsForTheServerAndGetsItsCachedResult() {
        initialize(a);
        assertThat(a.received).isEmpty();
        ready = true;
        relay.serverReady();
        assertThat(a.last().at("/result/serverInfo/name").asText()).isEqualTo("fake");
        assertThat(a.last().get("id").asInt()).isZero();
        initialize(b);
        assertThat(b.last().at("/result/capabilities/hoverProvider").asBoolean()).isTrue();
        relay.fromClient(b, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
        relay.fromClient(b, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"shutdown\"}");
        assertThat(b.last().get("id").asInt()).isEqualTo(9);
        assertThat(b.last().has("result")).isTrue();
        relay.fromClient(b, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
        assertThat(b.closedWith).isEqualTo(1000);
        assertThat(toServer).as("initialize, initialized, shutdown and exit never reach the server").isEmpty();
    }

    @Test
    void anAnswerOverTheSizeLimitFailsItsRequestWithTooLargeAndOnlyThatOne() {
        bothClientsInitialized();
        String hover = hover(7);
        relay.fromClient(a, hover);
        relay.fromClient(b, hover);
        long ida = toServer.get(0).get("id").asLong();
        long idb = toServer.get(1).get("id").asLong();

        // The process reader skipped the message and hands over its length and first bytes.
        relay.fromServerOversized(40L << 20, ("{\"jsonrpc\":\"2.0\",\"id\":" + ida + ",\"result\":{\"contents\":\"xxxx").getBytes(StandardCharsets.UTF_8));
        assertThat(a.take()).singleElement().satisfies(m -> {
            assertThat(m.get("id").asInt()).isEqualTo(7);
            assertThat(m.at("/error/code").asInt()).isEqualTo(ErrorCodes.TOO_LARGE);
            assertThat(m.at("/error/message").asText()).contains("41943040 bytes");
        });
        assertThat(b.take()).isEmpty();
        server("{\"jsonrpc\":\"2.0\",\"id\":" + idb + ",\"result\":{\"contents\":\"B\"}}");
        assertThat(b.take()).singleElement().satisfies(m -> assertThat(m.at("/result/contents").asText()).isEqualTo("B"));
        // A late answer to the failed request goes nowhere; an oversized notification (no id) fails nothing.
        server("{\"jsonrpc\":\"2.0\",\"id\":" + ida + ",\"result\":null}");
        relay.fromServerOversized(40L << 20, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\"".getBytes(StandardCharsets.UTF_8));
        assertThat(a.take()).isEmpty();
    }

    @Test
    void requestsGetRelayIdsAndAnswersGoBackToTheirClientWithItsId() {
        bothClientsInitialized();
        String hover = hover(1);
        relay.fromClient(a, hover);
        relay.fromClient(b, hover);
        assertThat(toServer).hasSize(2);
        long ida = toServer.get(0).get("id").asLong();
        long idb = toServer.get(1).get("id").asLong();
        assertThat(ida).isNotEqualTo(idb);
        assertThat(toServer.get(0).at("/params/textDocument/uri").asText()).isEqualTo(real + "/a.ts");

        server("{\"jsonrpc\":\"2.0\",\"id\":" + idb + ",\"result\":{\"contents\":\"B at " + real + "/a.ts\"}}");
        server("{\"jsonrpc\":\"2.0\",\"id\":" + ida + ",\"result\":{\"contents\":\"A\"}}");
        assertThat(b.take()).singleElement().satisfies(m -> {
            assertThat(m.get("id").asInt()).isEqualTo(1);
            assertThat(m.at("/result/contents").asText()).isEqualTo("B at file:///workspace/a.ts");
        });
        assertThat(a.take()).singleElement().satisfies(m -> assertThat(m.at("/result/contents").asText()).isEqualTo("A"));

        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"textDocument/completion\",\"params\":{}}");
        long idc = toServer.get(2).get("id").asLong();
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":\"x\"}}");
        assertThat(toServer.get(3).at("/params/id").asLong()).isEqualTo(idc);
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":\"unknown\"}}");
        assertThat(toServer).hasSize(4);
    }

    @Test
    void aRequestNamingAUriOutsideTheWorkspaceFailsAndReachesNothing() {
        ready = true;
        initialize(a);
        a.take();
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\"file:///workspace/../etc/passwd\"}}}");
        assertThat(a.take()).singleElement().satisfies(m -> {
            assertThat(m.get("id").asInt()).isEqualTo(3);
            assertThat(m.at("/error/code").asInt()).isEqualTo(-32602);
        });
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///etc/passwd\",\"languageId\":\"typescript\",\"version\":1,\"text\":\"x\"}}}");
        assertThat(toServer).isEmpty();
        assertThat(a.received).isEmpty();
    }

    @Test
    void serverRequestsGoToOneClientAndItsAnswerBack() {
        ready = true;
        initialize(a);
        initialize(b);
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
        a.take();
        b.take();
        server("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"workspace/applyEdit\",\"params\":{\"edit\":{\"changes\":{\"" + real + "/a.ts\":[]}}}}");
        assertThat(b.received).isEmpty();
        JsonNode req = a.take().get(0);
        assertThat(req.at("/params/edit/changes").fieldNames().next()).isEqualTo("file:///workspace/a.ts");
        relay.fromClient(b, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"applied\":true}}");
        assertThat(toServer).as("an answer from a client that was not asked is dropped").isEmpty();
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"applied\":true}}");
        assertThat(toServer).singleElement().satisfies(m -> assertThat(m.at("/result/applied").asBoolean()).isTrue());

        server("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"workspace/configuration\",\"params\":{\"items\":[{},{}]}}");
        relay.detached(a);
        relay.detached(b);
        assertThat(toServer.get(1).get("id").asInt()).isEqualTo(8);
        assertThat(toServer.get(1).get("result")).hasSize(2).allMatch(JsonNode::isNull);
        server("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"client/registerCapability\",\"params\":{\"registrations\":[]}}");
        assertThat(toServer.get(2).get("id").asInt()).isEqualTo(9);
        assertThat(toServer.get(2).get("result").isNull()).isTrue();
        server("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"workspace/workspaceFolders\"}");
        assertThat(toServer.get(3).at("/result/0/uri").asText()).isEqualTo(real);
    }

    @Test
    void diagnosticsGoToEveryClientWithItsOwnVersionAndAreReplayedToLateOnes() {
        ready = true;
        initialize(a);
        initialize(b);
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///workspace/a.ts\",\"languageId\":\"typescript\",\"version\":17,\"text\":\"let x: number = 's';\"}}}");
        assertThat(toServer).singleElement().satisfies(m -> assertThat(m.at("/params/textDocument/version").asInt()).isEqualTo(1));
        a.take();
        b.take();
        server("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{\"uri\":\"" + real + "/a.ts\",\"version\":1,\"diagnostics\":[{\"message\":\"bad\",\"range\":{\"start\":{\"line\":0,\"character\":4},\"end\":{\"line\":0,\"character\":5}}}]}}");
        assertThat(a.take()).singleElement().satisfies(m -> {
            assertThat(m.at("/params/uri").asText()).isEqualTo("file:///workspace/a.ts");
            assertThat(m.at("/params/version").asInt()).isEqualTo(17);
        });
        assertThat(b.take()).singleElement().satisfies(m -> assertThat(m.at("/params/version").isMissingNode()).isTrue());
        RecordingClient late = new RecordingClient("late");
        initialize(late);
        assertThat(late.received).hasSize(2);
        assertThat(late.last().get("method").asText()).isEqualTo("textDocument/publishDiagnostics");
        assertThat(late.last().at("/params/diagnostics/0/message").asText()).isEqualTo("bad");
    }

    @Test
    void versionedEditsCarryTheRecipientsOwnVersion() {
        ready = true;
        initialize(a);
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///workspace/a.ts\",\"languageId\":\"typescript\",\"version\":5,\"text\":\"x\"}}}");
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"textDocument/rename\",\"params\":{}}");
        a.take();
        long id = toServer.get(1).get("id").asLong();
        String edit = "{\"documentChanges\":[{\"textDocument\":{\"uri\":\"" + real + "/a.ts\",\"version\":1},\"edits\":[]}]}";
        server("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + edit + "}");
        assertThat(a.take()).singleElement().satisfies(m -> {
            assertThat(m.at("/result/documentChanges/0/textDocument/uri").asText()).isEqualTo("file:///workspace/a.ts");
            assertThat(m.at("/result/documentChanges/0/textDocument/version").asInt()).isEqualTo(5);
        });
        initialize(b);
        relay.fromClient(b, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
        b.take();
        server("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"workspace/applyEdit\",\"params\":{\"edit\":" + edit + "}}");
        assertThat(b.take()).singleElement().satisfies(m -> assertThat(m.at("/params/edit/documentChanges/0/textDocument/version").isNull()).isTrue());
    }

    @Test
    void whenTheServerGoesDownWaitingRequestsFailAndTheDocumentsAreReopened() {
        ready = true;
        initialize(a);
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///workspace/a.ts\",\"languageId\":\"typescript\",\"version\":1,\"text\":\"x\"}}}");
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"textDocument/hover\",\"params\":{}}");
        a.take();
        ready = false;
        relay.serverDown("gone");
        assertThat(a.take()).singleElement().satisfies(m -> {
            assertThat(m.get("id").asInt()).isEqualTo(5);
            assertThat(m.at("/error/code").asInt()).isEqualTo(1009);
        });
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"textDocument/hover\",\"params\":{}}");
        assertThat(a.take().get(0).at("/error/code").asInt()).isEqualTo(1009);
        toServer.clear();
        ready = true;
        relay.serverReady();
        assertThat(toServer).singleElement().satisfies(m -> {
            assertThat(m.get("method").asText()).isEqualTo("textDocument/didOpen");
            assertThat(m.at("/params/textDocument/uri").asText()).isEqualTo(real + "/a.ts");
        });
    }

    @Test
    void documentsInLanguagesTheServerDoesNotHandleAreIgnored() {
        ready = true;
        initialize(a);
        a.take();
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///workspace/a.py\",\"languageId\":\"python\",\"version\":1,\"text\":\"x = 1\"}}}");
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"file:///workspace/a.py\",\"version\":2},\"contentChanges\":[{\"text\":\"y\"}]}}");
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didClose\",\"params\":{\"textDocument\":{\"uri\":\"file:///workspace/a.py\"}}}");
        assertThat(toServer).isEmpty();
        assertThat(a.received).isEmpty();
    }

    @Test
    void badMessagesGetJsonRpcErrors() {
        ready = true;
        initialize(a);
        a.take();
        relay.fromClient(a, "not json");
        relay.fromClient(a, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}]");
        relay.fromClient(a, "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"x\"}");
        assertThat(a.take()).extracting(m -> m.at("/error/code").asInt()).containsExactly(-32700, -32600, -32600);
        RecordingClient fresh = new RecordingClient("fresh");
        relay.attached(fresh);
        relay.fromClient(fresh, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"textDocument/hover\",\"params\":{}}");
        assertThat(fresh.last().at("/error/code").asInt()).isEqualTo(-32002);
        assertThat(toServer).isEmpty();
    }
}
