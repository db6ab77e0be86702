package dev.stratus.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.stratus.protocol.ProtocolGson;
import dev.stratus.protocol.search.SearchTextResult;
import dev.stratus.protocol.search.TextMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.junit.jupiter.api.Test;

/**
 * The protocol's fast writer for {@code search/text} results writes exactly the JSON Gson's
 * reflection writes, whatever the strings hold and however the writer is configured.
 */
class SearchTextResultJsonTest {
    private static final String[] PIECES = {"a", "Z", " ", "\t", "->", "<", ">", "&", "=", "'", "\"", "\\", "/", "\u0000", "\u001f",
        "\u007f", "\b", "\f", "\r", "\n", "é", "日本", "😀", "\ud800", "\udc00", "\u2028", "\u2029", "\ufffd", "spin_lock(&x->lock);"};

    private static String randomString(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            s.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    private static SearchTextResult randomResult(Random r) {
        List<TextMatch> matches = new ArrayList<>();
        for (int i = r.nextInt(30); i > 0; i--) {
            matches.add(r.nextInt(40) == 0 ? null : new TextMatch(r.nextInt(20) == 0 ? null : randomString(r), r.nextInt(100_000),
                    r.nextInt(), r.nextInt(1000), r.nextInt(20) == 0 ? null : randomString(r)));
        }
        return new SearchTextResult(r.nextInt(30) == 0 ? null : matches, r.nextBoolean(), r.nextLong());
    }

    private static Gson gson(boolean protocol, Consumer<GsonBuilder> settings) {
        GsonBuilder b = new GsonBuilder();
        settings.accept(b);
        if (protocol) {
            ProtocolGson.configure(b);
        }
        return b.create();
    }

    @Test
    void writesWhatReflectionWritesUnderEveryWriterSetting() {
        Map<String, Consumer<GsonBuilder>> settings = Map.of(
                "default (HTML-safe)", b -> { },
                "without HTML escaping", GsonBuilder::disableHtmlEscaping,
                "with nulls", GsonBuilder::serializeNulls,
                "pretty", GsonBuilder::setPrettyPrinting);
        Random r = new Random(5);
        for (var setting : settings.entrySet()) {
            Gson reflective = gson(false, setting.getValue());
            Gson protocol = gson(true, setting.getValue());
            for (int round = 0; round < 2000; round++) {
                SearchTextResult result = randomResult(r);
                String json = protocol.toJson(result);
                assertThat(json).as(setting.getKey()).isEqualTo(reflective.toJson(result));
                assertThat(protocol.fromJson(json, SearchTextResult.class)).isEqualTo(reflective.fromJson(json, SearchTextResult.class));
            }
            SearchTextResult empty = new SearchTextResult(List.of(), false, 0);
            assertThat(protocol.toJson(empty)).as(setting.getKey()).isEqualTo(reflective.toJson(empty));
        }
    }

    @Test
    void rpcReplyIsTheSameAsWithoutTheFastWriter() {
        SearchTextResult result = new SearchTextResult(List.of(new TextMatch("drivers/a.c", 12, 2, 17, "\tspin_lock_irqsave(&d->lock, f);"),
                new TextMatch("include/b.h", 3, 1, 4, "<b> \"q\" \u2028")), true, 42);
        ResponseMessage reply = new ResponseMessage();
        reply.setJsonrpc("2.0");
        reply.setId(7);
        reply.setResult(result);
        String fast = new MessageJsonHandler(Map.of(), ProtocolGson::configure).serialize(reply);
        assertThat(fast).isEqualTo(new MessageJsonHandler(Map.of()).serialize(reply))
                .contains("\"preview\":\"\\tspin_lock_irqsave(\\u0026d-\\u003elock, f);\"");
    }
}
